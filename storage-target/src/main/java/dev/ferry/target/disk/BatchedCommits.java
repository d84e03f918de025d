package dev.ferry.target.disk;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@link FileCommits} by one file-system sync per batch instead of an fsync per file
 * (decisions/0016-restore-durability-by-batch.md). Writers close each temp file as they finish it
 * and add it to the open batch; a full batch goes to one committer thread, which gives each file
 * its mode and mtime, syncs the file system (every temp file's data, metadata and name are then
 * durable), and only then renames the batch's files into place. After the last batch, one more sync
 * makes the renames durable, and the files count as restored. So a crash at any point leaves each
 * destination untouched or complete, as with an fsync per file, while the disk sees a few cache
 * flushes instead of one per file and per directory.
 *
 * <p>A failed sync fails the whole batch: its temp files are deleted and its destinations left
 * untouched, since the barrier cannot say whose data was lost. A failed final sync fails every file
 * renamed: each is in place with durable content, but its name may not survive a crash.
 */
final class BatchedCommits extends FileCommits {
  /** A batch ends at this many files or {@link #BATCH_BYTES}, whichever comes first. */
  static final int BATCH_FILES = 4096;

  /**
   * Bytes per batch. Bounds the temp files a crash can leave and the data each sync waits for; one
   * batch fills while the committer syncs the one before, so the writers rarely wait.
   */
  static final long BATCH_BYTES = 512L << 20;

  private final FileSystemBarrier barrier;
  private final int batchFiles;
  private final long batchBytes;
  private final ExecutorService committer =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "ferry-restore-commit");
            t.setDaemon(true);
            return t;
          });

  /** Appended by the committer thread, read by the finishing thread after it waited for it. */
  private final List<WrittenFile> renamed = Collections.synchronizedList(new ArrayList<>());

  private List<WrittenFile> open = new ArrayList<>();
  private long openBytes;
  private Future<?> committing;

  BatchedCommits(FileSystemBarrier barrier) {
    this(barrier, BATCH_FILES, BATCH_BYTES);
  }

  /** For tests: smaller batches, so a small restore has several. */
  BatchedCommits(FileSystemBarrier barrier, int batchFiles, long batchBytes) {
    this.barrier = barrier;
    this.batchFiles = batchFiles;
    this.batchBytes = batchBytes;
  }

  @Override
  public synchronized void submit(WrittenFile w) {
    try {
      w.ch().close();
    } catch (IOException | RuntimeException e) {
      fail(w, e.getMessage());
      return;
    }
    open.add(w);
    openBytes += w.bytes();
    if (open.size() >= batchFiles || openBytes >= batchBytes) {
      handOff();
    }
  }

  /** Starts committing the open batch, once the one before it is done (at most one at a time). */
  private void handOff() {
    awaitCommitting();
    List<WrittenFile> batch = open;
    open = new ArrayList<>();
    openBytes = 0;
    committing = committer.submit(() -> commit(batch));
  }

  private void awaitCommitting() {
    if (committing != null) {
      try {
        Waits.uninterruptibly(committing);
      } catch (ExecutionException e) {
        // commit catches what its files throw; anything else is a bug, and must not pass silently.
        throw new IllegalStateException("a restore commit failed: " + e.getCause(), e.getCause());
      }
      committing = null;
    }
  }

  /** On the committer thread: metadata, one sync, then the renames. */
  private void commit(List<WrittenFile> batch) {
    List<WrittenFile> ready = new ArrayList<>(batch.size());
    for (WrittenFile w : batch) {
      try {
        w.applyMetadata();
        ready.add(w);
      } catch (IOException | RuntimeException e) {
        fail(w, e.getMessage());
      }
    }
    try {
      barrier.sync();
    } catch (IOException e) {
      for (WrittenFile w : ready) {
        fail(w, "not restored: " + e.getMessage());
      }
      return;
    }
    for (WrittenFile w : ready) {
      try {
        w.rename();
        renamed.add(w);
      } catch (IOException | RuntimeException e) {
        fail(w, e.getMessage());
      }
    }
  }

  /** Notes {@code w} as failed and removes its temp file; its destination stays as it was. */
  private void fail(WrittenFile w, String why) {
    try {
      w.deleteTemp();
    } catch (IOException e) {
      why += " (and its temp file " + w.tmp() + " could not be deleted: " + e.getMessage() + ")";
    }
    addFailure(w.path() + ": " + why);
  }

  @Override
  public synchronized void finish() {
    try {
      if (!open.isEmpty()) {
        handOff();
      }
      awaitCommitting();
      if (renamed.isEmpty()) {
        return;
      }
      try {
        barrier.sync();
      } catch (IOException e) {
        for (WrittenFile w : renamed) {
          addFailure(w.path() + ": written, but " + e.getMessage());
        }
        return;
      }
      for (WrittenFile w : renamed) {
        countRestored(w.bytes());
      }
    } finally {
      committer.shutdown();
    }
  }
}
