package dev.ferry.monitor;

import dev.ferry.monitor.journal.BackupCache;
import dev.ferry.monitor.journal.ChangeRecord;
import dev.ferry.monitor.journal.JournalFullException;
import dev.ferry.monitor.watch.SaveSink;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Appends the detector's records to the backup cache and keeps the counts {@link MonitorHealth}
 * reports. A refused append (journal disk full, or any other append failure) is counted, logged
 * once per episode, and reported to the detector as not recorded, so the file stays known as it was
 * and the catch-up rescan records it. Called on the detector's worker; the counters are read from
 * any thread.
 */
final class JournalSink implements SaveSink {
  private static final Logger LOG = Logger.getLogger(JournalSink.class);

  private final BackupCache cache;
  private final StateKeeper keeper;
  private final MonitorListener listener;
  private volatile boolean full;
  private final AtomicLong unrecorded = new AtomicLong();
  private final AtomicLong unreadable = new AtomicLong();
  private volatile String lastUnreadable;

  JournalSink(BackupCache cache, StateKeeper keeper, MonitorListener listener) {
    this.cache = cache;
    this.keeper = keeper;
    this.listener = listener;
  }

  @Override
  public boolean record(ChangeRecord r) {
    long index;
    try {
      index = cache.append(r);
    } catch (JournalFullException e) {
      refused(r, e.getMessage());
      return false;
    } catch (RuntimeException e) {
      refused(r, "cannot append to the journal: " + e);
      return false;
    }
    keeper.noteAppended(index);
    if (listener != null) {
      Instant i = Instant.now();
      listener.recorded(r, index, i.getEpochSecond() * 1_000_000_000L + i.getNano());
    }
    return true;
  }

  private void refused(ChangeRecord r, String why) {
    unrecorded.incrementAndGet();
    if (!full) {
      full = true;
      LOG.errorf("%s; %s/%s and later saves are not recorded yet", why, r.root(), r.path());
    }
  }

  @Override
  public void unreadable(Path file, String reason) {
    unreadable.incrementAndGet();
    lastUnreadable = file + ": " + reason;
  }

  /** True while appends are being refused. */
  boolean full() {
    return full;
  }

  /**
   * If appends were refused and the journal's disk has room again, ends the episode and returns
   * true: the caller then rescans every root to record what was missed.
   */
  boolean roomAgain() {
    if (!full || cache.isFull()) {
      return false;
    }
    full = false;
    LOG.infof(
        "the journal has room again (%d MiB free): rescanning to record the %d missed save(s)",
        cache.usableBytes() / (1024 * 1024), unrecorded.getAndSet(0));
    return true;
  }

  long unrecordedSaves() {
    return unrecorded.get();
  }

  long unreadableFiles() {
    return unreadable.get();
  }

  String lastUnreadable() {
    return lastUnreadable;
  }
}
