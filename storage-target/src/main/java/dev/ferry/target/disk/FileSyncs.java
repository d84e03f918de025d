package dev.ferry.target.disk;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@link FileCommits} by an fsync per file and per directory, for file systems without a barrier
 * that reports write-back errors ({@link SyncFs}): runs each written file's fsync, metadata and
 * rename on a few threads, at most a fixed number in flight (the caller waits in {@link #submit}
 * beyond that), then fsyncs, once each, every directory that received a file and its parents up to
 * the restore's base, so new directories are named durably too. A file counts as restored once its
 * directory fsync succeeded. Concurrent fsyncs share the file system's journal commits; one after
 * another, they were most of a restore's time.
 */
final class FileSyncs extends FileCommits {
  private record Pending(String path, Path dir, long bytes, Future<Void> done) {}

  private final Path base;
  private final int inFlight;
  private final ExecutorService pool;
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private final Map<Path, List<Pending>> renamedInto = new LinkedHashMap<>();

  /**
   * @param base the restore's destination (real path); directories above it are not fsynced
   */
  FileSyncs(Path base, int threads, int inFlight) {
    this.base = base;
    this.inFlight = inFlight;
    this.pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "ferry-restore-sync");
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  public synchronized void submit(WrittenFile w) {
    while (pending.size() >= inFlight) {
      collect(pending.poll());
    }
    Future<Void> f =
        pool.submit(
            () -> {
              finishOne(w);
              return null;
            });
    pending.add(new Pending(w.path(), w.dir(), w.bytes(), f));
  }

  /** On a pool thread: fsync, metadata, rename; the temp file is gone afterwards either way. */
  private static void finishOne(WrittenFile w) throws IOException {
    try {
      try (FileChannel ch = w.ch()) {
        ch.force(true);
      }
      w.applyMetadata();
      w.rename();
    } finally {
      w.deleteTemp();
    }
  }

  private void collect(Pending p) {
    try {
      Waits.uninterruptibly(p.done());
      renamedInto.computeIfAbsent(p.dir(), d -> new ArrayList<>()).add(p);
    } catch (ExecutionException e) {
      addFailure(p.path() + ": " + e.getCause().getMessage());
    }
  }

  /**
   * Waits for every file, then fsyncs the directories (in parallel: they wait on the disk) and
   * counts the files whose directory fsync succeeded. Stops the threads, whatever happens.
   */
  @Override
  public synchronized void finish() {
    try {
      while (!pending.isEmpty()) {
        collect(pending.poll());
      }
      Set<Path> dirs = new LinkedHashSet<>();
      for (Path d : renamedInto.keySet()) {
        for (Path p = d; p != null && p.startsWith(base); p = p.getParent()) {
          dirs.add(p);
        }
      }
      Map<Path, Future<Void>> synced = new LinkedHashMap<>();
      for (Path d : dirs) {
        synced.put(
            d,
            pool.submit(
                () -> {
                  NioFs.INSTANCE.fsyncDir(d);
                  return null;
                }));
      }
      Map<Path, String> failed = new LinkedHashMap<>();
      for (Map.Entry<Path, Future<Void>> s : synced.entrySet()) {
        try {
          Waits.uninterruptibly(s.getValue());
        } catch (ExecutionException e) {
          failed.put(s.getKey(), e.getCause().getMessage());
        }
      }
      for (Map.Entry<Path, List<Pending>> d : renamedInto.entrySet()) {
        String dirFailure = failedAtOrAbove(d.getKey(), failed);
        for (Pending p : d.getValue()) {
          if (dirFailure == null) {
            countRestored(p.bytes());
          } else {
            addFailure(p.path() + ": written, but " + dirFailure);
          }
        }
      }
    } finally {
      pool.shutdown();
    }
  }

  /** Why a directory the file's name depends on could not be made durable, or null. */
  private String failedAtOrAbove(Path dir, Map<Path, String> failed) {
    for (Path p = dir; p != null && p.startsWith(base); p = p.getParent()) {
      String why = failed.get(p);
      if (why != null) {
        return "the fsync of " + p + " failed: " + why;
      }
    }
    return null;
  }
}
