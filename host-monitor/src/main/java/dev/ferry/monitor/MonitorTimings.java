package dev.ferry.monitor;

import java.time.Duration;

/**
 * How often the agent does its periodic work.
 *
 * @param checkpointEvery how often the file-state checkpoint is written while records are appended
 *     (also at a clean stop and after each initial scan); bounds the journal a restart replays
 * @param rescanEvery how often every root is rescanned against what the agent knows, to catch what
 *     events missed (default daily)
 * @param pollEvery how often a root is rescanned while it cannot be watched (inotify watches ran
 *     out), and how often the agent looks for room again while the journal's disk is full
 */
public record MonitorTimings(Duration checkpointEvery, Duration rescanEvery, Duration pollEvery) {
  public static final Duration DEFAULT_CHECKPOINT_EVERY = Duration.ofMinutes(5);
  public static final Duration DEFAULT_RESCAN_EVERY = Duration.ofDays(1);
  public static final Duration DEFAULT_POLL_EVERY = Duration.ofMinutes(5);

  public MonitorTimings {
    positive(checkpointEvery, "checkpointEvery");
    positive(rescanEvery, "rescanEvery");
    positive(pollEvery, "pollEvery");
  }

  private static void positive(Duration d, String name) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + d);
    }
  }

  public static MonitorTimings defaults() {
    return new MonitorTimings(DEFAULT_CHECKPOINT_EVERY, DEFAULT_RESCAN_EVERY, DEFAULT_POLL_EVERY);
  }
}
