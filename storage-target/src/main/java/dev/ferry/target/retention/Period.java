package dev.ferry.target.retention;

import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;

/** A wall-clock period a keep rule counts in; {@link #of} names the one a time falls in. */
public enum Period {
  HOURLY("hourly"),
  DAILY("daily"),
  WEEKLY("weekly"),
  MONTHLY("monthly"),
  YEARLY("yearly");

  private final String label;

  Period(String label) {
    this.label = label;
  }

  /** The rule's name as options and reasons spell it: {@code daily}. */
  public String label() {
    return label;
  }

  /**
   * A number unique to the period {@code t} falls in, among periods of this kind. Weeks are ISO
   * weeks (Monday first; the week-based year, so 2026-12-31 may be in week 1 of 2027).
   */
  long of(ZonedDateTime t) {
    long year = t.getYear();
    return switch (this) {
      case HOURLY -> ((year * 13 + t.getMonthValue()) * 32 + t.getDayOfMonth()) * 24 + t.getHour();
      case DAILY -> (year * 13 + t.getMonthValue()) * 32 + t.getDayOfMonth();
      case WEEKLY ->
          t.get(IsoFields.WEEK_BASED_YEAR) * 54L + t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
      case MONTHLY -> year * 13 + t.getMonthValue();
      case YEARLY -> year;
    };
  }
}
