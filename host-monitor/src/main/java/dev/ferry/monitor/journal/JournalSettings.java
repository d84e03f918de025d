package dev.ferry.monitor.journal;

import java.time.Duration;

/**
 * How a {@link BackupCache} keeps its records.
 *
 * @param durability how far an append travels before it counts as safe
 * @param groupInterval how often {@link JournalDurability#GROUP_COMMIT} syncs, at least 1 ms
 * @param reserveBytes free space the journal's disk must keep: appends are refused below it ({@link
 *     JournalFullException}); 0 disables the check
 */
public record JournalSettings(
    JournalDurability durability, Duration groupInterval, long reserveBytes) {
  /** The default durability; chosen by measurement in decision 0005. */
  public static final JournalDurability DEFAULT_DURABILITY = JournalDurability.GROUP_COMMIT;

  /** The default group interval; chosen by measurement in decision 0005. */
  public static final Duration DEFAULT_GROUP_INTERVAL = Duration.ofMillis(10);

  /**
   * The default reserve: room for Chronicle's next mapped chunks and index pages of a busy day, and
   * for the checkpoint the agent writes beside the journal, so neither meets ENOSPC mid-write.
   */
  public static final long DEFAULT_RESERVE_BYTES = 64L * 1024 * 1024;

  public JournalSettings {
    if (durability == null) {
      throw new IllegalArgumentException("durability is null");
    }
    if (groupInterval == null || groupInterval.compareTo(Duration.ofMillis(1)) < 0) {
      throw new IllegalArgumentException("group interval must be at least 1 ms: " + groupInterval);
    }
    if (reserveBytes < 0) {
      throw new IllegalArgumentException("reserve must not be negative: " + reserveBytes);
    }
  }

  /** The defaults. */
  public static JournalSettings defaults() {
    return new JournalSettings(DEFAULT_DURABILITY, DEFAULT_GROUP_INTERVAL, DEFAULT_RESERVE_BYTES);
  }

  public JournalSettings withDurability(JournalDurability d, Duration interval) {
    return new JournalSettings(d, interval, reserveBytes);
  }

  public JournalSettings withReserve(long bytes) {
    return new JournalSettings(durability, groupInterval, bytes);
  }
}
