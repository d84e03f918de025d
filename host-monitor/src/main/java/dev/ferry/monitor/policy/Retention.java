package dev.ferry.monitor.policy;

/**
 * How many versions of a file the targets keep. A version survives if any rule keeps it (the restic
 * {@code forget} semantics): {@code keepLast} newest versions, plus the newest version of each of
 * the last {@code keepDaily} days, {@code keepWeekly} ISO weeks and {@code keepMonthly} months that
 * have one. All counts are at least 0; {@code keepLast} is at least 1, so the latest version is
 * never dropped.
 */
public record Retention(int keepLast, int keepDaily, int keepWeekly, int keepMonthly) {
  /** keep-last 3, keep-daily 7, keep-weekly 4, keep-monthly 6. */
  public static final Retention DEFAULT = new Retention(3, 7, 4, 6);

  public Retention {
    if (keepLast < 1 || keepDaily < 0 || keepWeekly < 0 || keepMonthly < 0) {
      throw new IllegalArgumentException(
          "retention counts: keep-last >= 1, the others >= 0: " + keepLast + ", " + keepDaily);
    }
  }
}
