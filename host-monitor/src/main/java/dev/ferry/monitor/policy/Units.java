package dev.ferry.monitor.policy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Values as people write them in policy files: durations ({@code 90s}), sizes ({@code 10MiB}),
 * clock windows ({@code 22:00-06:00}) and days ({@code mon-fri}). Each parser throws
 * IllegalArgumentException with a message fit to follow the field name.
 */
final class Units {
  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");
  private static final Pattern SIZE =
      Pattern.compile("(\\d{1,19}) ?(b|kb|kib|mb|mib|gb|gib|tb|tib)?", Pattern.CASE_INSENSITIVE);
  private static final Pattern WINDOW =
      Pattern.compile("(\\d{1,2}):(\\d{2}) ?- ?(\\d{1,2}):(\\d{2})");
  private static final Pattern INT = Pattern.compile("[-+]?\\d{1,9}");

  private Units() {}

  static Duration duration(String value) {
    Matcher m = DURATION.matcher(value);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          quote(value) + " is not a duration (use 90s, 15m, 10h; also ms and d)");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  static long size(String value) {
    Matcher m = SIZE.matcher(value);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          quote(value) + " is not a size (use a number of bytes or 512KiB, 10MiB, 2GiB, 1TB)");
    }
    String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
    long scale =
        switch (unit) {
          case "kb" -> 1000L;
          case "kib" -> 1L << 10;
          case "mb" -> 1000_000L;
          case "mib" -> 1L << 20;
          case "gb" -> 1000_000_000L;
          case "gib" -> 1L << 30;
          case "tb" -> 1000_000_000_000L;
          case "tib" -> 1L << 40;
          default -> 1L;
        };
    try {
      return Math.multiplyExact(Long.parseLong(m.group(1)), scale);
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException(quote(value) + " is too large", e);
    }
  }

  /** Minutes since midnight of start and end; end may be 24:00 (1440). */
  static int[] window(String value) {
    Matcher m = WINDOW.matcher(value);
    String use = " (use HH:MM-HH:MM in local time, like 22:00-06:00)";
    if (!m.matches()) {
      throw new IllegalArgumentException(quote(value) + " is not a time window" + use);
    }
    int start = minutes(m.group(1), m.group(2), false);
    int end = minutes(m.group(3), m.group(4), true);
    if (start < 0 || end < 0) {
      throw new IllegalArgumentException(quote(value) + " has a time out of range" + use);
    }
    if (start == end) {
      throw new IllegalArgumentException(
          quote(value) + " is empty (to allow copies at any time, leave 'schedule' out)");
    }
    return new int[] {start, end};
  }

  private static int minutes(String hours, String minutes, boolean end) {
    int h = Integer.parseInt(hours);
    int m = Integer.parseInt(minutes);
    if (end && h == 24 && m == 0) {
      return 24 * 60;
    }
    return h < 24 && m < 60 ? h * 60 + m : -1;
  }

  /** {@code mon}, {@code monday}, or a range {@code mon-fri} (may wrap: {@code fri-mon}). */
  static Set<DayOfWeek> days(String value) {
    String v = value.toLowerCase(Locale.ROOT);
    int dash = v.indexOf('-');
    if (dash < 0) {
      return EnumSet.of(day(value, v));
    }
    DayOfWeek from = day(value, v.substring(0, dash).trim());
    DayOfWeek to = day(value, v.substring(dash + 1).trim());
    Set<DayOfWeek> days = EnumSet.of(from);
    for (DayOfWeek d = from; d != to; ) {
      d = d.plus(1);
      days.add(d);
    }
    return days;
  }

  private static DayOfWeek day(String value, String word) {
    for (DayOfWeek d : DayOfWeek.values()) {
      String full = d.name().toLowerCase(Locale.ROOT);
      if (word.equals(full) || word.equals(full.substring(0, 3))) {
        return d;
      }
    }
    throw new IllegalArgumentException(
        quote(value) + " is not a day (use mon, tue, wed, thu, fri, sat, sun or a range: mon-fri)");
  }

  static int integer(String value, int min, int max) {
    if (!INT.matcher(value).matches()) {
      throw new IllegalArgumentException(quote(value) + " is not a whole number");
    }
    int n = Integer.parseInt(value);
    if (n < min || n > max) {
      throw new IllegalArgumentException(n + " is out of range (" + min + " to " + max + ")");
    }
    return n;
  }

  /** The value in quotes, shortened so that a long value cannot flood the log. */
  static String quote(String value) {
    String v = value.length() > 80 ? value.substring(0, 77) + "..." : value;
    StringBuilder b = new StringBuilder("'");
    v.codePoints()
        .forEach(
            c -> {
              if (Character.isISOControl(c)) {
                b.append(String.format(Locale.ROOT, "\\u%04x", c));
              } else {
                b.appendCodePoint(c);
              }
            });
    return b.append("'").toString();
  }
}
