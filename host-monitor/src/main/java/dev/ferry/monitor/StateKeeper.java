package dev.ferry.monitor;

import dev.ferry.monitor.journal.BackupCache;
import dev.ferry.monitor.journal.CorruptRecordException;
import dev.ferry.monitor.journal.JournalEntry;
import dev.ferry.monitor.state.KnownFile;
import dev.ferry.monitor.state.KnownFiles;
import dev.ferry.monitor.state.StateCheckpoint;
import dev.ferry.monitor.state.StateIndex;
import dev.ferry.monitor.watch.SaveDetector;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Keeps the agent's knowledge of its files across restarts (src-docs/file-state-index.md): loads
 * the newest file-state checkpoint and replays the journal records after it, writes new
 * checkpoints, and tells the journal which records it may no longer trim.
 *
 * <p>Threading: {@link #load} once, before the detector runs; {@link #noteAppended} on the
 * detector's worker (it follows the appends); {@link #checkpoint} from any thread, one at a time
 * (the agent's scheduler): the map is copied on the worker, encoded and written on the caller's
 * thread.
 */
final class StateKeeper {
  private static final Logger LOG = Logger.getLogger(StateKeeper.class);

  /** What {@link #load} found. */
  record Loaded(KnownFiles files, boolean journalReplaced, long replayed) {}

  private final StateIndex index;
  private final BackupCache cache;

  /** The last journal index appended by the agent (or replayed); worker-confined writes. */
  private volatile long lastAppended = -1;

  /** The covered index of the newest checkpoint written or loaded. */
  private volatile long lastCovered = Long.MIN_VALUE;

  private volatile Instant lastCheckpoint;
  private final AtomicBoolean failureLogged = new AtomicBoolean();

  StateKeeper(Path stateDir, BackupCache cache) throws IOException {
    this.index = StateIndex.open(stateDir);
    this.cache = cache;
  }

  /**
   * The newest valid checkpoint with the journal records after it applied. If the record the
   * checkpoint was taken against is not in the journal (the journal was lost or replaced), the
   * checkpoint is dropped: {@code journalReplaced} tells the caller to rescan everything as new.
   * Without a checkpoint, the whole journal is replayed.
   */
  Loaded load() throws IOException {
    Optional<StateCheckpoint> cp = index.load();
    long from = -1;
    KnownFiles files = new KnownFiles();
    boolean replaced = false;
    if (cp.isPresent()) {
      StateCheckpoint c = cp.get();
      OptionalInt crc = cache.crcAt(c.coveredIndex());
      if (c.coveredIndex() < 0 || (crc.isPresent() && crc.getAsInt() == c.coveredCrc())) {
        files = KnownFiles.of(c.files());
        from = c.coveredIndex();
        lastCovered = c.coveredIndex();
        lastCheckpoint = Instant.ofEpochSecond(0, c.createdAtNanos());
      } else {
        LOG.warnf(
            "the journal in %s does not hold the record the file-state checkpoint was taken at"
                + " (index %d): it was lost or replaced; every file is recorded again",
            cache.dir(), c.coveredIndex());
        replaced = true;
      }
    }
    long replayed = replay(files, from);
    lastAppended = cache.lastIndex();
    cache.retainFrom(index.retainFrom());
    return new Loaded(files, replaced, replayed);
  }

  private long replay(KnownFiles files, long afterIndex) {
    long n = 0;
    long damaged = 0;
    try (BackupCache.Reader reader = cache.readFrom(afterIndex)) {
      while (true) {
        Optional<JournalEntry> e;
        try {
          e = reader.next();
        } catch (CorruptRecordException ex) {
          damaged++;
          continue;
        }
        if (e.isEmpty()) {
          break;
        }
        files.apply(e.get().record());
        n++;
      }
    }
    if (damaged > 0) {
      LOG.warnf("%d damaged journal records skipped while rebuilding the file state", damaged);
    }
    return n;
  }

  /** Called on the detector's worker after each append. */
  void noteAppended(long journalIndex) {
    lastAppended = journalIndex;
  }

  /** True if records were appended since the last checkpoint. */
  boolean behind() {
    return lastAppended != lastCovered;
  }

  Instant lastCheckpoint() {
    return lastCheckpoint;
  }

  /**
   * Takes a checkpoint: the detector's map at a quiet point, with the index of the last record
   * appended before it; writes it as the next generation and lets the journal trim what the
   * generations no longer need. Failures are logged (once until one succeeds), not thrown: the
   * previous generations stay valid.
   */
  void checkpoint(SaveDetector detector) {
    CompletableFuture<StateCheckpoint> taken = new CompletableFuture<>();
    detector
        .atQuietPoint(
            (Map<Path, KnownFile> files) -> {
              long covered = lastAppended;
              int crc = covered < 0 ? 0 : cache.crcAt(covered).orElse(0);
              Instant now = Instant.now();
              long at = now.getEpochSecond() * 1_000_000_000L + now.getNano();
              taken.complete(new StateCheckpoint(covered, crc, at, files));
            })
        .whenComplete(
            (v, ex) -> {
              if (ex != null) {
                taken.completeExceptionally(ex);
              }
            });
    try {
      StateCheckpoint c = taken.get(5, TimeUnit.MINUTES);
      index.save(c);
      lastCovered = c.coveredIndex();
      lastCheckpoint = Instant.ofEpochSecond(0, c.createdAtNanos());
      cache.retainFrom(index.retainFrom());
      failureLogged.set(false);
      LOG.debugf("file-state checkpoint at index %d: %d files", c.coveredIndex(), c.files().size());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | RuntimeException | ExecutionException | TimeoutException e) {
      if (failureLogged.compareAndSet(false, true)) {
        LOG.warnf("cannot write the file-state checkpoint in %s: %s", index.dir(), e.toString());
      }
    }
  }
}
