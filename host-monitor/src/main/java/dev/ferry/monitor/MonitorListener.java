package dev.ferry.monitor;

import dev.ferry.monitor.journal.ChangeRecord;

/**
 * Told about every record once it is in the backup cache; for tests, benchmarks and status. Called
 * on the agent's worker thread: return quickly.
 */
public interface MonitorListener {
  /**
   * A record was appended.
   *
   * @param r the record
   * @param index the journal index of the record
   * @param appendedAtNanos epoch nanoseconds right after the append; {@code appendedAtNanos -
   *     r.savedAtNanos()} is the latency of noticing a save
   */
  void recorded(ChangeRecord r, long index, long appendedAtNanos);
}
