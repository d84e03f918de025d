package dev.ferry.monitor.watch;

import dev.ferry.monitor.blockmap.Block;
import dev.ferry.monitor.blockmap.BlockMap;
import dev.ferry.monitor.blockmap.BlockMapper;
import dev.ferry.monitor.blockmap.FastCdc;
import dev.ferry.monitor.journal.ChangeKind;
import dev.ferry.monitor.journal.ChangeRecord;
import dev.ferry.monitor.policy.Policy;
import dev.ferry.monitor.policy.PolicySet;
import dev.ferry.monitor.policy.TemporaryFiles;
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
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * Turns file events into one change record per save.
 *
 * <p>Rules: a path that got only a create event (a rename into place, or a new file written in one
 * go) and is unchanged after {@link #GRACE} is saved at once; any modify event, or a change seen by
 * a check, restarts a wait of the settle time, after which the file is saved if its size, mtime,
 * mode and identity held still (a ctime-only change, such as a new link count, does not restart it)
 * and its state, ctime included, differs from the known one. A known file that disappears is held
 * for {@code 2 × GRACE}: if it shows up under a new name meanwhile (same device, inode, size and
 * mtime), the record is RENAMED, if its name is back (an editor's rename-and-rewrite) nothing is
 * recorded for the disappearance, else it is DELETED. Every vanished path is held on its own, so
 * two names of one inode (hard links) deleted together each get their DELETED.
 *
 * <p>Renames do not re-read the file when nothing can have changed it: the vanished name's last
 * recorded block map is reused if the file under the new name has the same device, inode, size,
 * mtime and mode, and either the same ctime or (a rename sets ctime) the old name vanished by a
 * delete event with no change event for it since its state was taken. A vanish found by a rescan
 * (lost events, restart) never reuses: its file is mapped again.
 *
 * <p>Policies ({@link PolicySet}): only files strictly inside a root of a policy in force, not
 * excluded and not {@linkplain TemporaryFiles temporary}, are followed at all. A modified file
 * waits the settle time of its root ({@link PolicySet#settle}), then, if the policy that copies it
 * asks for a longer {@code settle}, that long (quiet time counted from its last change). At save
 * time {@link PolicySet#classify} decides with the file's size: no policy, no record (the state
 * last recorded for the file is kept, so a file that comes back into a policy is compared with it);
 * else the record's policy class is the policy's name. A vanished file is recorded DELETED only if
 * a policy copies it as last recorded (its path, its last recorded size). The record's root is the
 * deepest policy root containing the file. New policies ({@link #setPolicies}) apply to checks and
 * saves after them; files, pending saves and vanished names under no root any more are forgotten
 * without a record.
 *
 * <p>Memory: per known file its state and its last block map, packed in 12 bytes per chunk (about
 * 0.02 % of the data size with 64 KiB average chunks).
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
  private final Predicate<Path> excluded;
  private final Recorder recorder;
  private final ScheduledExecutorService worker;
  private final BlockMapper mapper = new BlockMapper(FastCdc.standard());
  private final Map<Path, Known> known = new HashMap<>();

  /** The policies in force, their roots and the create-only grace; worker-confined. */
  private PolicySet policies;

  private List<Path> roots;
  private long graceNanos;
  private final Map<Path, Pending> pending = new HashMap<>();

  /** Known paths that got an event since their state was taken. */
  private final Set<Path> dirty = new HashSet<>();

  /** Vanished names by identity: every name, even several of one inode (hard links). */
  private final Map<FileKey, List<Vanished>> vanished = new HashMap<>();

  private volatile int pendingCount;
  private final AtomicLong filesMapped = new AtomicLong();

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

  /**
   * What the detector knows of a path.
   *
   * @param state the state when last recorded or scanned; if not {@code exactCtime}, its ctime is
   *     only an upper bound (the record's savedAt: a file loaded from the journal, whose record has
   *     no ctime)
   * @param blocks the block map last recorded for it; null if only learned, never recorded
   */
  private record Known(FileState state, boolean exactCtime, PackedBlocks blocks) {}

  /** A known name gone; identity matters (several may be equal), so not a record. */
  private static final class Vanished {
    final Path path;
    final Known known;
    final long detectedAt;

    /** Seen by a delete event with no change event since its state: only a rename moved it. */
    final boolean onlyMoved;

    Vanished(Path path, Known known, long detectedAt, boolean onlyMoved) {
      this.path = path;
      this.known = known;
      this.detectedAt = detectedAt;
      this.onlyMoved = onlyMoved;
    }
  }

  /** A block map in 12 bytes per chunk (a {@link BlockMap} holds about 36). */
  private static final class PackedBlocks {
    private static final PackedBlocks EMPTY = new PackedBlocks(new int[0], new long[0], 0);

    final int[] lengths;
    final long[] fingerprints;
    final long size;

    private PackedBlocks(int[] lengths, long[] fingerprints, long size) {
      this.lengths = lengths;
      this.fingerprints = fingerprints;
      this.size = size;
    }

    static PackedBlocks of(BlockMap map) {
      List<Block> bs = map.blocks();
      if (bs.isEmpty()) {
        return EMPTY;
      }
      int[] lengths = new int[bs.size()];
      long[] fps = new long[bs.size()];
      for (int i = 0; i < lengths.length; i++) {
        lengths[i] = bs.get(i).length();
        fps[i] = bs.get(i).fingerprint();
      }
      return new PackedBlocks(lengths, fps, map.size());
    }

    BlockMap unpack() {
      List<Block> bs = new ArrayList<>(lengths.length);
      long offset = 0;
      for (int i = 0; i < lengths.length; i++) {
        bs.add(new Block(offset, lengths[i], fingerprints[i]));
        offset += lengths[i];
      }
      return new BlockMap(bs);
    }
  }

  /**
   * One policy, named {@code default}, copying every file under {@code roots} ({@link
   * Policy#everything}).
   *
   * @param roots absolute, normalized watched roots
   * @param excluded paths never recorded (the agent's own state and cache folders)
   */
  public SaveDetector(
      String hostId,
      List<Path> roots,
      Duration settle,
      Predicate<Path> excluded,
      Recorder recorder) {
    this(
        hostId,
        PolicySet.of(List.of(Policy.everything("default", roots, settle))),
        excluded,
        recorder);
  }

  /**
   * @param policies the policies in force at first; {@link #setPolicies} replaces them
   * @param excluded paths never recorded (the agent's own state and cache folders)
   */
  public SaveDetector(
      String hostId, PolicySet policies, Predicate<Path> excluded, Recorder recorder) {
    this.hostId = hostId;
    this.excluded = excluded;
    usePolicies(policies);
    this.recorder = recorder;
    this.worker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "ferry-save-detector");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Puts {@code next} in force, after the tasks already queued: later checks, saves and deletions
   * follow it. Files, pending saves and vanished names no longer under any root are forgotten
   * without a record (no DELETED: the files are still there). Scanning a new root is the caller's
   * job ({@link #initialScan}, {@link #learn} and {@link #rescan}), after this call.
   */
  public void setPolicies(PolicySet next) {
    Objects.requireNonNull(next, "next");
    run(
        () -> {
          usePolicies(next);
          for (Path p : new ArrayList<>(pending.keySet())) {
            if (rootOrNull(p) == null) {
              drop(p);
            }
          }
          known.keySet().removeIf(p -> rootOrNull(p) == null);
          dirty.removeIf(p -> rootOrNull(p) == null);
          for (List<Vanished> names : vanished.values()) {
            names.removeIf(v -> rootOrNull(v.path) == null);
          }
          vanished.values().removeIf(List::isEmpty);
        });
  }

  private void usePolicies(PolicySet next) {
    policies = next;
    roots = List.copyOf(next.roots());
    long grace = GRACE.toNanos();
    for (Policy p : next.policies()) {
      grace = Math.min(grace, p.settle().toNanos());
    }
    graceNanos = grace;
  }

  /** Saves seen but not settled yet. */
  public int pendingSaves() {
    return pendingCount;
  }

  /** How many times a file was read to map it (a rename that reuses a block map does not count). */
  public long filesMapped() {
    return filesMapped.get();
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
                  known.put(file, new Known(st, true, null));
                }
              });
          done.run();
        });
  }

  /**
   * Scans a root on a restart: learns {@code lastRecorded} (the newest record of every path the
   * backup cache holds for {@code root}, as a previous run left it) and records what differs from
   * it, as a rescan does: a changed file (size, mtime, identity, mode, or a ctime later than the
   * record's savedAt: the record has no ctime) is MODIFIED, an unknown one CREATED (or RENAMED if a
   * vanished known file matches it), a known one now missing DELETED; an unchanged one nothing.
   * Records of excluded or not recorded paths are ignored. Runs {@code done} after the scan, on the
   * worker.
   *
   * @param lastRecorded records whose {@code root} is {@code root}; CREATED, MODIFIED or RENAMED
   */
  public void resumeScan(Path root, Collection<ChangeRecord> lastRecorded, Runnable done) {
    run(
        () -> {
          doLearn(root, lastRecorded);
          doRescan(root);
          done.run();
        });
  }

  /**
   * The first half of {@link #resumeScan}: learns {@code lastRecorded} without scanning. For nested
   * roots, learn every root before {@link #rescan rescanning} any, so that the rescan of the outer
   * root knows the files of the inner one.
   */
  public void learn(Path root, Collection<ChangeRecord> lastRecorded) {
    run(() -> doLearn(root, lastRecorded));
  }

  private void doLearn(Path root, Collection<ChangeRecord> lastRecorded) {
    for (ChangeRecord r : lastRecorded) {
      Path file = root.resolve(r.path()).normalize();
      if (!file.startsWith(root) || !recordable(file)) {
        continue;
      }
      FileState st =
          new FileState(
              r.device(), r.inode(), r.size(), r.mtimeNanos(), r.mode(), r.savedAtNanos());
      known.put(file, new Known(st, false, PackedBlocks.of(r.blocks())));
    }
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
          Known old = known.get(file);
          if (old == null || !unchanged(old, st)) {
            onEvent(file, old != null);
          } else if (!old.exactCtime()) {
            known.put(file, new Known(st, true, old.blocks()));
          }
        });
    for (Map.Entry<Path, Known> e : new ArrayList<>(known.entrySet())) {
      if (e.getKey().startsWith(root) && !seen.contains(e.getKey())) {
        vanish(e.getKey(), e.getValue(), false);
      }
    }
  }

  /**
   * True if {@code now} is the state {@code k} describes. A state loaded from a record has no
   * ctime, only the record's savedAt: the file's ctime was at most that when it was recorded, so a
   * later ctime means the inode changed since.
   */
  private static boolean unchanged(Known k, FileState now) {
    FileState s = k.state();
    if (k.exactCtime()) {
      return s.equals(now);
    }
    return s.device() == now.device()
        && s.inode() == now.inode()
        && s.size() == now.size()
        && s.mtimeNanos() == now.mtimeNanos()
        && s.mode() == now.mode()
        && now.ctimeNanos() <= s.ctimeNanos();
  }

  /**
   * True if {@code file} is followed at all: strictly inside a root, not in an excluded folder, not
   * a temporary name. Whether a policy copies it is decided at save time, with its size.
   */
  private boolean recordable(Path file) {
    Path name = file.getFileName();
    if (name == null || TemporaryFiles.isTemporary(name.toString()) || excluded.test(file)) {
      return false;
    }
    Path root = rootOrNull(file);
    return root != null && !root.equals(file);
  }

  /** The settle time of the root {@code file} is under; the grace if it is under none. */
  private long settleNanos(Path file) {
    Path root = rootOrNull(file);
    return root == null ? graceNanos : policies.settle(root).toNanos();
  }

  private void onEvent(Path file, boolean modify) {
    if (!recordable(file)) {
      return;
    }
    if (known.containsKey(file)) {
      dirty.add(file); // even if it is gone by now: a rename must not reuse its old block map
    }
    FileState st = FileState.read(file);
    if (st == null) {
      return;
    }
    Pending p = pending.computeIfAbsent(file, f -> new Pending(f, now()));
    p.stat = st;
    p.lastChange = System.nanoTime();
    p.modified |= modify;
    schedule(p, p.modified ? settleNanos(file) : graceNanos);
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
    if (st == null || rootOrNull(p.path) == null) {
      drop(p.path);
      return;
    }
    long now = System.nanoTime();
    if (!st.equalsExceptCtime(p.stat)) {
      p.stat = st;
      p.lastChange = now;
      p.modified = true;
      schedule(p, settleNanos(p.path));
      return;
    }
    p.stat = st; // ctime alone moved: the link count (hard links), or a rename
    long needed = p.modified ? settleNanos(p.path) : graceNanos;
    if (p.modified) { // the policy copying it may want a longer wait than its root's shortest
      Optional<Policy> policy = policies.classify(p.path, st.size());
      if (policy.isPresent()) {
        needed = Math.max(needed, policy.get().settle().toNanos());
      }
    }
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
    Known old = known.get(file);
    if (old != null && unchanged(old, st)) {
      known.put(file, new Known(st, true, old.blocks()));
      dirty.remove(file);
      return; // seen twice (scan and event), nothing changed
    }
    Path root = rootOrNull(file);
    Optional<Policy> policy = root == null ? Optional.empty() : policies.classify(file, st.size());
    if (policy.isEmpty()) {
      return; // not copied: no record; what was last recorded for it, if anything, stays known
    }
    Vanished from = old == null ? renameSource(file, root, st) : null;
    long savedAt = now();
    PackedBlocks packed;
    BlockMap blocks;
    if (from != null && canReuseBlocks(from, st)) {
      packed = from.known.blocks();
      blocks = packed.unpack();
    } else {
      try {
        filesMapped.incrementAndGet();
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
        schedule(p, settleNanos(file));
        pendingCount = pending.size();
        return;
      }
      packed = PackedBlocks.of(blocks);
    }
    ChangeKind kind = old != null ? ChangeKind.MODIFIED : ChangeKind.CREATED;
    String renamedFrom = null;
    if (from != null) {
      removeVanished(from);
      known.remove(from.path);
      dirty.remove(from.path);
      kind = from.path.equals(file) ? ChangeKind.MODIFIED : ChangeKind.RENAMED;
      renamedFrom = kind == ChangeKind.RENAMED ? relative(root, from.path) : null;
    }
    known.put(file, new Known(st, true, packed));
    dirty.remove(file);
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
            policy.get().name(),
            detectedAt,
            savedAt,
            blocks));
  }

  /**
   * The vanished name {@code file} (unknown, state {@code st}) may have been renamed from, in the
   * same root; of several names of one inode (hard links), preferably one with the same file name.
   */
  private Vanished renameSource(Path file, Path root, FileState st) {
    List<Vanished> candidates = vanished.get(FileKey.of(st));
    if (candidates == null) {
      return null;
    }
    Vanished best = null;
    for (Vanished v : candidates) {
      if (!st.mayBeRenamedFrom(v.known.state()) || !root.equals(rootOrNull(v.path))) {
        continue;
      }
      if (best == null) {
        best = v;
      } else if (sameName(v.path, file) && !sameName(best.path, file)) {
        best = v;
      }
    }
    return best;
  }

  private static boolean sameName(Path a, Path b) {
    return a.getFileName().equals(b.getFileName());
  }

  /**
   * True if the block map last recorded for {@code from} describes the file now at its new name
   * ({@code st}), so it need not be read again. Same identity, size, mtime and mode, and the ctime
   * either unchanged or moved only by the rename: the old name was seen going by a delete event
   * with no change event for it since its state was taken (every write, truncate, chmod or utimes
   * on a watched name gives one).
   */
  private static boolean canReuseBlocks(Vanished from, FileState st) {
    Known k = from.known;
    FileState s = k.state();
    if (k.blocks() == null || !k.exactCtime() || k.blocks().size != st.size()) {
      return false;
    }
    if (!st.mayBeRenamedFrom(s) || s.mode() != st.mode()) {
      return false;
    }
    return s.ctimeNanos() == st.ctimeNanos() || from.onlyMoved;
  }

  private void onDelete(Path path) {
    for (Path p : new ArrayList<>(pending.keySet())) {
      if (p.startsWith(path)) {
        drop(p);
      }
    }
    Known k = known.get(path);
    if (k != null) {
      vanish(path, k, true);
      return;
    }
    for (Map.Entry<Path, Known> e : new ArrayList<>(known.entrySet())) {
      if (e.getKey().startsWith(path)) {
        vanish(e.getKey(), e.getValue(), true);
      }
    }
  }

  /**
   * Holds {@code file} as vanished for the rename window.
   *
   * @param byEvent seen by a delete event (not by a rescan)
   */
  private void vanish(Path file, Known k, boolean byEvent) {
    boolean onlyMoved = byEvent && !dirty.contains(file);
    Vanished v = new Vanished(file, k, now(), onlyMoved);
    List<Vanished> names = vanished.computeIfAbsent(FileKey.of(k.state()), x -> new ArrayList<>());
    names.removeIf(x -> x.path.equals(file)); // its newer vanishing supersedes it
    names.add(v);
    var unused =
        worker.schedule(() -> guarded(() -> vanishDue(v)), 2 * graceNanos, TimeUnit.NANOSECONDS);
  }

  /** Removes {@code v} from the vanished names; false if it is not there (a rename took it). */
  private boolean removeVanished(Vanished v) {
    FileKey key = FileKey.of(v.known.state());
    List<Vanished> names = vanished.get(key);
    if (names == null || !names.removeIf(x -> x == v)) {
      return false;
    }
    if (names.isEmpty()) {
      vanished.remove(key);
    }
    return true;
  }

  private void vanishDue(Vanished v) {
    if (!removeVanished(v)) {
      return; // consumed by a rename, or superseded
    }
    if (FileState.read(v.path) != null || !v.known.equals(known.get(v.path))) {
      return; // back under its name (rewrite by rename), or superseded
    }
    known.remove(v.path);
    dirty.remove(v.path);
    Path root = rootOrNull(v.path);
    FileState s = v.known.state();
    Optional<Policy> policy = root == null ? Optional.empty() : policies.classify(v.path, s.size());
    if (policy.isEmpty()) {
      return; // no policy copies it as last recorded: its disappearance is not recorded either
    }
    recorder.record(
        new ChangeRecord(
            hostId,
            root.toString(),
            relative(root, v.path),
            ChangeKind.DELETED,
            null,
            s.device(),
            s.inode(),
            s.size(),
            s.mtimeNanos(),
            s.mode(),
            policy.get().name(),
            v.detectedAt,
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
              if (attrs.isRegularFile() && recordable(f)) {
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

  /** The deepest root {@code file} is in (or is), or null if none. */
  private Path rootOrNull(Path file) {
    Path best = null;
    for (Path r : roots) {
      if (file.startsWith(r) && (best == null || r.getNameCount() > best.getNameCount())) {
        best = r;
      }
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
