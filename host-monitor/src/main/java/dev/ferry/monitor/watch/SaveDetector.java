package dev.ferry.monitor.watch;

import dev.ferry.monitor.blockmap.BlockMap;
import dev.ferry.monitor.blockmap.BlockMapper;
import dev.ferry.monitor.blockmap.FastCdc;
import dev.ferry.monitor.journal.ChangeKind;
import dev.ferry.monitor.journal.ChangeRecord;
import dev.ferry.monitor.policy.CopyPolicy;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * Turns file events into one change record per save.
 *
 * <p>Rules: a path that got only a create event (a rename into place, or a new file written in one
 * go) and is unchanged after {@link #GRACE} is saved at once; any modify event, or a change seen by
 * a check, restarts a wait of the settle time, after which the file is saved if its size, mtime and
 * identity held still. A known file that disappears is held for {@code 2 × GRACE}: if it shows up
 * under a new name meanwhile (same device, inode, size and mtime), the record is RENAMED, if its
 * name is back (an editor's rename-and-rewrite) nothing is recorded for the disappearance, else it
 * is DELETED.
 *
 * <p>Threading: the public methods may be called from any thread; all state is confined to one
 * worker thread, which also maps files and calls the {@link Recorder}.
 */
public final class SaveDetector implements AutoCloseable {
  /** How long a create-only path must stay unchanged to count as renamed into place. */
  public static final Duration GRACE = Duration.ofMillis(100);

  private static final Logger LOG = Logger.getLogger(SaveDetector.class);

  /** Receives each record, on the worker thread. */
  public interface Recorder {
    void record(ChangeRecord r);
  }

  private final String hostId;
  private final List<Path> roots;
  private final long settleNanos;
  private final long graceNanos;
  private final Predicate<Path> excluded;
  private final Recorder recorder;
  private final ScheduledExecutorService worker;
  private final BlockMapper mapper = new BlockMapper(FastCdc.standard());
  private final Map<Path, FileState> known = new HashMap<>();
  private final Map<Path, Pending> pending = new HashMap<>();
  private final Map<FileKey, Vanished> vanished = new HashMap<>();
  private volatile int pendingCount;

  private static final class Pending {
    final Path path;
    final long detectedAt;
    FileState stat;
    long lastChange;
    boolean modified;
    ScheduledFuture<?> timer;

    Pending(Path path, long detectedAt) {
      this.path = path;
      this.detectedAt = detectedAt;
    }
  }

  private record Vanished(Path path, FileState state, long detectedAt) {}

  /**
   * @param roots absolute, normalized watched roots
   * @param excluded paths never recorded (the agent's own state and cache folders)
   */
  public SaveDetector(
      String hostId,
      List<Path> roots,
      Duration settle,
      Predicate<Path> excluded,
      Recorder recorder) {
    this.hostId = hostId;
    this.roots = List.copyOf(roots);
    this.settleNanos = settle.toNanos();
    this.graceNanos = Math.min(GRACE.toNanos(), settleNanos);
    this.excluded = excluded;
    this.recorder = recorder;
    this.worker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "ferry-save-detector");
              t.setDaemon(true);
              return t;
            });
  }

  /** Saves seen but not settled yet. */
  public int pendingSaves() {
    return pendingCount;
  }

  public void created(Path file) {
    run(() -> onEvent(file, false));
  }

  public void modified(Path file) {
    run(() -> onEvent(file, true));
  }

  public void deleted(Path path) {
    run(() -> onDelete(path));
  }

  /** A new folder: its files may have landed before its watch was registered. */
  public void directoryAppeared(Path dir) {
    run(() -> walk(dir, (file, st) -> onEvent(file, false)));
  }

  /**
   * Scans a root at startup: records every file as CREATED if {@code record}, else only learns
   * them. Runs {@code done} after the scan, on the worker.
   */
  public void initialScan(Path root, boolean record, Runnable done) {
    run(
        () -> {
          walk(
              root,
              (file, st) -> {
                if (record) {
                  save(file, now(), st);
                } else {
                  known.put(file, st);
                }
              });
          done.run();
        });
  }

  /** After lost events: records what differs from the known files under {@code root}. */
  public void rescan(Path root) {
    run(() -> doRescan(root));
  }

  private void doRescan(Path root) {
    Set<Path> seen = new HashSet<>();
    walk(
        root,
        (file, st) -> {
          seen.add(file);
          FileState old = known.get(file);
          if (old == null || old.contentMayDiffer(st)) {
            onEvent(file, old != null);
          }
        });
    for (Map.Entry<Path, FileState> e : new ArrayList<>(known.entrySet())) {
      if (e.getKey().startsWith(root) && !seen.contains(e.getKey())) {
        vanish(e.getKey(), e.getValue());
      }
    }
  }

  private void onEvent(Path file, boolean modify) {
    if (excluded.test(file) || !CopyPolicy.records(file)) {
      return;
    }
    FileState st = FileState.read(file);
    if (st == null) {
      return;
    }
    Pending p = pending.computeIfAbsent(file, f -> new Pending(f, now()));
    p.stat = st;
    p.lastChange = System.nanoTime();
    p.modified |= modify;
    schedule(p, p.modified ? settleNanos : graceNanos);
    pendingCount = pending.size();
  }

  private void schedule(Pending p, long delayNanos) {
    if (p.timer != null) {
      p.timer.cancel(false);
    }
    p.timer = worker.schedule(() -> guarded(() -> check(p)), delayNanos, TimeUnit.NANOSECONDS);
  }

  private void check(Pending p) {
    if (pending.get(p.path) != p) {
      return;
    }
    FileState st = FileState.read(p.path);
    if (st == null) {
      drop(p.path);
      return;
    }
    long now = System.nanoTime();
    if (!st.equals(p.stat)) {
      p.stat = st;
      p.lastChange = now;
      p.modified = true;
      schedule(p, settleNanos);
      return;
    }
    long needed = p.modified ? settleNanos : graceNanos;
    long quiet = now - p.lastChange;
    if (quiet < needed) {
      schedule(p, needed - quiet);
      return;
    }
    drop(p.path);
    save(p.path, p.detectedAt, st);
  }

  private void drop(Path file) {
    Pending p = pending.remove(file);
    if (p != null && p.timer != null) {
      p.timer.cancel(false);
    }
    pendingCount = pending.size();
  }

  /** Maps and records a saved file, or waits again if it changed while being mapped. */
  private void save(Path file, long detectedAt, FileState st) {
    FileState old = known.get(file);
    if (old != null && old.equals(st)) {
      return; // seen twice (scan and event), nothing changed
    }
    long savedAt = now();
    BlockMap blocks;
    try {
      blocks = mapper.map(file);
    } catch (NoSuchFileException e) {
      LOG.debugf("%s vanished before it could be mapped", file);
      return; // its delete event records the deletion
    } catch (IOException e) {
      LOG.warnf("skipping %s: cannot read it (%s)", file, e.toString());
      return;
    }
    FileState after = FileState.read(file);
    if (after == null) {
      return;
    }
    if (!after.equals(st) || blocks.size() != st.size()) {
      Pending p = new Pending(file, detectedAt);
      pending.put(file, p);
      p.stat = after;
      p.lastChange = System.nanoTime();
      p.modified = true;
      schedule(p, settleNanos);
      pendingCount = pending.size();
      return;
    }
    Path root = rootOf(file);
    ChangeKind kind = old != null ? ChangeKind.MODIFIED : ChangeKind.CREATED;
    String renamedFrom = null;
    Vanished v = vanished.get(FileKey.of(st));
    if (old == null && v != null && isSameFile(v.state(), st) && rootOf(v.path()).equals(root)) {
      vanished.remove(FileKey.of(st));
      known.remove(v.path());
      kind = v.path().equals(file) ? ChangeKind.MODIFIED : ChangeKind.RENAMED;
      renamedFrom = kind == ChangeKind.RENAMED ? relative(root, v.path()) : null;
    }
    known.put(file, st);
    recorder.record(
        new ChangeRecord(
            hostId,
            root.toString(),
            relative(root, file),
            kind,
            renamedFrom,
            st.device(),
            st.inode(),
            blocks.size(),
            st.mtimeNanos(),
            st.mode(),
            CopyPolicy.policyClass(file),
            detectedAt,
            savedAt,
            blocks));
  }

  /**
   * A rename keeps inode, size and mtime. Inode alone is not enough: file systems reuse a freed
   * inode at once, so a file deleted and another created is not a rename.
   */
  private static boolean isSameFile(FileState gone, FileState found) {
    return !gone.contentMayDiffer(found);
  }

  private void onDelete(Path path) {
    for (Path p : new ArrayList<>(pending.keySet())) {
      if (p.startsWith(path)) {
        drop(p);
      }
    }
    FileState st = known.get(path);
    if (st != null) {
      vanish(path, st);
      return;
    }
    for (Map.Entry<Path, FileState> e : new ArrayList<>(known.entrySet())) {
      if (e.getKey().startsWith(path)) {
        vanish(e.getKey(), e.getValue());
      }
    }
  }

  private void vanish(Path file, FileState st) {
    Vanished v = new Vanished(file, st, now());
    vanished.put(FileKey.of(st), v);
    var unused =
        worker.schedule(() -> guarded(() -> vanishDue(v)), 2 * graceNanos, TimeUnit.NANOSECONDS);
  }

  private void vanishDue(Vanished v) {
    FileKey key = FileKey.of(v.state());
    if (!v.equals(vanished.get(key))) {
      return; // consumed by a rename
    }
    vanished.remove(key);
    if (FileState.read(v.path()) != null || !v.state().equals(known.get(v.path()))) {
      return; // back under its name (rewrite by rename), or superseded
    }
    known.remove(v.path());
    Path root = rootOf(v.path());
    FileState s = v.state();
    recorder.record(
        new ChangeRecord(
            hostId,
            root.toString(),
            relative(root, v.path()),
            ChangeKind.DELETED,
            null,
            s.device(),
            s.inode(),
            s.size(),
            s.mtimeNanos(),
            s.mode(),
            CopyPolicy.policyClass(v.path()),
            v.detectedAt(),
            now(),
            BlockMap.EMPTY));
  }

  private interface FileAction {
    void accept(Path file, FileState st);
  }

  /** Visits the recordable regular files under {@code dir}, skipping what cannot be read. */
  private void walk(Path dir, FileAction action) {
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
              return excluded.test(d) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
              if (attrs.isRegularFile() && !excluded.test(f) && CopyPolicy.records(f)) {
                FileState st = FileState.read(f);
                if (st != null) {
                  action.accept(f, st);
                }
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path f, IOException e) {
              LOG.debugf("not scanning %s: %s", f, e.toString());
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      LOG.warnf("cannot scan %s: %s", dir, e.toString());
    }
  }

  private Path rootOf(Path file) {
    Path best = null;
    for (Path r : roots) {
      if (file.startsWith(r) && (best == null || r.getNameCount() > best.getNameCount())) {
        best = r;
      }
    }
    if (best == null) {
      throw new IllegalStateException(file + " is under no watched root");
    }
    return best;
  }

  private static String relative(Path root, Path file) {
    return root.relativize(file).toString().replace(java.io.File.separatorChar, '/');
  }

  static long now() {
    Instant i = Instant.now();
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }

  private void run(Runnable task) {
    try {
      worker.execute(() -> guarded(task));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      LOG.debug("event after close ignored");
    }
  }

  private static void guarded(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      LOG.error("save detector task failed; continuing", e);
    }
  }

  @Override
  public void close() {
    worker.shutdownNow();
    try {
      if (!worker.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("save detector did not stop within 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
