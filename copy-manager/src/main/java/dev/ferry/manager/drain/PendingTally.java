package dev.ferry.manager.drain;

import dev.ferry.monitor.journal.BackupCache;
import dev.ferry.monitor.journal.ChangeRecord;
import dev.ferry.monitor.journal.JournalEntry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What is pending in the backup cache for status: records after the drain position, distinct paths
 * among them, the oldest save. Kept up to date by reading only the records appended since the last
 * look, so a dashboard or a script polling status every 100 ms while the agent records a
 * 28,000-file scan does not decode the whole journal each time (it took one of the two cores:
 * bench/run.sh, 2026-12-02). Starts over when the drain position moves. Thread-safe.
 */
@ApplicationScoped
public class PendingTally {
  /** Status's view of the pending records. */
  public record Summary(int records, int files, Instant oldestSavedAt) {}

  private long startAfter = Long.MIN_VALUE;
  private long lastRead;
  private int records;
  private final Set<String> files = new HashSet<>();
  private long oldest = Long.MAX_VALUE;

  /**
   * The records after {@code startAfter} (the drain position, as {@link DueRecords#startAfter}
   * gives it). Damaged records are passed over, as the drain passes them over.
   */
  public synchronized Summary update(BackupCache cache, long startAfter) {
    if (startAfter != this.startAfter) {
      this.startAfter = startAfter;
      lastRead = startAfter;
      records = 0;
      files.clear();
      oldest = Long.MAX_VALUE;
    }
    List<String> damaged = new ArrayList<>();
    try (BackupCache.Reader reader = cache.readFrom(lastRead)) {
      for (Optional<JournalEntry> e = DueRecords.next(reader, damaged);
          e.isPresent();
          e = DueRecords.next(reader, damaged)) {
        ChangeRecord r = e.get().record();
        lastRead = e.get().index();
        records++;
        files.add(r.root() + "/" + r.path());
        oldest = Math.min(oldest, r.savedAtNanos());
      }
    }
    return new Summary(
        records, files.size(), records == 0 ? null : Instant.ofEpochSecond(0, oldest));
  }
}
