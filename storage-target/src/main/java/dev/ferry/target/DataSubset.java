package dev.ferry.target;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * Which containers {@link DiskTarget#verify(DataSubset)} reads in full (trailer CRC32C and every
 * chunk's SHA-256). The structure check covers every container whatever the subset.
 *
 * <ul>
 *   <li>{@link None}: no container data is read.
 *   <li>{@link All}: every container.
 *   <li>{@link Percent}: that share of the containers, rounded up, at least one if there is any,
 *       chosen at random anew each run: repeated runs cover the target over time.
 *   <li>{@link Group}: group {@code n} of {@code m}, as restic's {@code --read-data-subset n/m}: a
 *       container belongs to group {@code 1 + (v mod m)}, where {@code v} is its id's first 8 hex
 *       digits as an unsigned number. Deterministic, so running {@code 1/m} … {@code m/m} reads
 *       every container exactly once (ids are random, so groups are about equal).
 * </ul>
 */
public sealed interface DataSubset {
  /** Structure only. */
  record None() implements DataSubset {
    @Override
    public String describe() {
      return "no data read";
    }
  }

  /** Every container. */
  record All() implements DataSubset {
    @Override
    public String describe() {
      return "all data read";
    }
  }

  /**
   * A random share of the containers.
   *
   * @param percent in (0, 100]
   */
  record Percent(BigDecimal percent) implements DataSubset {
    public Percent {
      if (percent.signum() <= 0 || percent.compareTo(BigDecimal.valueOf(100)) > 0) {
        throw new IllegalArgumentException(
            "read-data subset " + percent.toPlainString() + "% is not in (0, 100]");
      }
    }

    @Override
    public String describe() {
      return percent.stripTrailingZeros().toPlainString() + "% of the containers chosen at random";
    }
  }

  /**
   * The {@code n}-th of {@code m} groups of containers by id.
   *
   * @param n from 1 to {@code m}
   * @param m the number of groups, at least 1
   */
  record Group(int n, int m) implements DataSubset {
    public Group {
      if (m < 1 || n < 1 || n > m) {
        throw new IllegalArgumentException(
            "read-data subset " + n + "/" + m + ": need 1 <= n <= m");
      }
    }

    /** True when the container {@code id} (32 lower-case hex digits) is in this group. */
    public boolean contains(String id) {
      long v = Long.parseLong(id.substring(0, 8), 16);
      return v % m == n - 1;
    }

    @Override
    public String describe() {
      return "group " + n + "/" + m + " of the containers by id";
    }
  }

  /** What was read, for reports: {@code "5% of the containers chosen at random"}. */
  String describe();

  /**
   * Parses {@code 5%}, {@code 2.5%} or {@code n/m}.
   *
   * @throws IllegalArgumentException naming {@code text} if it is neither or out of range
   */
  static DataSubset parse(String text) {
    String t = text.strip();
    try {
      if (t.endsWith("%")) {
        return new Percent(new BigDecimal(t.substring(0, t.length() - 1)));
      }
      int slash = t.indexOf('/');
      if (slash > 0) {
        return new Group(
            Integer.parseInt(t.substring(0, slash)), Integer.parseInt(t.substring(slash + 1)));
      }
    } catch (NumberFormatException e) {
      // falls through to the message below, which names the text
    }
    throw new IllegalArgumentException(
        String.format(
            Locale.ROOT,
            "read-data subset \"%s\": expected a percentage like 5%% or a group n/m like 1/5",
            text));
  }
}
