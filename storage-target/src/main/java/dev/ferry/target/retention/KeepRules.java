package dev.ferry.target.retention;

import java.util.EnumMap;
import java.util.Map;

/**
 * A retention policy, as {@code restic forget} has it: keep the {@code last} newest snapshots, and
 * the newest snapshot of each of the last N hours, days, ISO weeks, months and years that have one.
 * A snapshot survives if any rule keeps it. All counts are at least 0; 0 turns a rule off.
 */
public record KeepRules(int last, int hourly, int daily, int weekly, int monthly, int yearly) {
  public KeepRules {
    check("last", last);
    check("hourly", hourly);
    check("daily", daily);
    check("weekly", weekly);
    check("monthly", monthly);
    check("yearly", yearly);
  }

  private static void check(String name, int n) {
    if (n < 0) {
      throw new IllegalArgumentException("keep-" + name + " must be at least 0, not " + n);
    }
  }

  /** True if no rule keeps anything: such a policy would forget every snapshot. */
  public boolean isEmpty() {
    return last == 0 && periods().isEmpty();
  }

  /** The period rules that are on, with their counts, in period order (hourly first). */
  public Map<Period, Integer> periods() {
    Map<Period, Integer> m = new EnumMap<>(Period.class);
    put(m, Period.HOURLY, hourly);
    put(m, Period.DAILY, daily);
    put(m, Period.WEEKLY, weekly);
    put(m, Period.MONTHLY, monthly);
    put(m, Period.YEARLY, yearly);
    return m;
  }

  private static void put(Map<Period, Integer> m, Period p, int n) {
    if (n > 0) {
      m.put(p, n);
    }
  }

  /** As options spell it: {@code keep-last 3, keep-daily 7}. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    if (last > 0) {
      b.append("keep-last ").append(last);
    }
    periods()
        .forEach(
            (p, n) -> b.append(b.length() == 0 ? "" : ", ").append("keep-" + p.label() + " " + n));
    return b.length() == 0 ? "no rule" : b.toString();
  }
}
