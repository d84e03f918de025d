package dev.ferry.monitor.watch;

import dev.ferry.monitor.blockmap.BlockMap;
import dev.ferry.monitor.journal.ChangeKind;
import dev.ferry.monitor.journal.ChangeRecord;
import dev.ferry.monitor.policy.Policy;
import dev.ferry.monitor.policy.PolicySet;
import dev.ferry.monitor.policy.TemporaryFiles;
import dev.ferry.monitor.policy.Versions;
import dev.ferry.monitor.state.FileState;
import dev.ferry.monitor.state.KnownFile;
import dev.ferry.monitor.state.KnownFiles;
import dev.ferry.monitor.state.PackedBlocks;
import dev.ferry.monitor.state.PathRanges;
import dev.ferry.monitor.watch.VanishedNames.Vanished;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
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
 * for {@code 2 × GRACE}: if it shows up under a new name meanwhile (same type, device, inode, size
 * and mtime), the record is RENAMED, if its name is back (an editor's rename-and-rewrite) nothing
 * is recorded for the disappearance, else it is DELETED. Every vanished path is held on its own, so
 * two names of one inode (hard links) deleted together each get their DELETED. A folder moved
 * within a root is a vanished folder and a new one: vanished names are held until every new
 * folder's walk has run, however long registering and walking it take, and a file the walk finds
 * with the identity, size and mtime of a vanished name is RENAMED at once (there is no writer to
 * wait for).
 *
 * <p>Symbolic links are recorded as links (their target text), never followed: a link to a folder
 * is not entered, a link pointing out of the root is not read through.
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
 * a policy copies it as last recorded. The record's root is the deepest policy root containing the
 * file. New policies ({@link #setPolicies}) apply to checks and saves after them; files, pending
 * saves and vanished names under no root any more are forgotten without a record.
 *
 * <p>Knowledge changes only after the record that tells it was appended: if the {@link SaveSink}
 * refuses a record (journal disk full), the file stays known as it was, and a later {@link #rescan}
 * records it.
 *
 * <p>Threading: the public methods may be called from any thread; all state is confined to one
 * worker thread, which also maps files and calls the {@link SaveSink}.
 */
public final class SaveDetector implements AutoCloseable {
  /** How long a create-only path must stay unchanged to count as renamed into place. */
  public static final Duration GRACE = Duration.ofMillis(100);

  private static final Logger LOG = Logger.getLogger(SaveDetector.class);

  private final RecordFactory records;
  private final Predicate<Path> excluded;
  private final SaveSink sink;
  private final VersionStager stager;
  private final ScheduledExecutorService worker;
  private final FileContent content = new FileContent();
  private KnownFiles known = new KnownFiles();

  /** The policies in force, their roots and the create-only grace; worker-confined. */
  private PolicySet policies;

  private List<Path> roots;
  private long graceNanos;

  /** Sorted, so a deleted folder's pending saves are a range, not a scan. */
  private final TreeMap<Path, Pending> pending = new TreeMap<>();

  /** Known paths that got an event since their state was taken. */
  private final Set<Path> dirty = new HashSet<>();

  private final VanishedNames vanished = new VanishedNames();

  /** Folders announced to {@link #directoryAppeared} whose walk has not run yet; any thread. */
  private final AtomicInteger foldersComing = new AtomicInteger();

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

  /**
   * One policy, named {@code default}, copying every file under {@code roots} ({@link
   * Policy#everything}).
   *
   * @param roots absolute, normalized watched roots
   * @param excluded paths never recorded (the agent's own state and cache folders)
   */
  public SaveDetector(
      String hostId, List<Path> roots, Duration settle, Predicate<Path> excluded, SaveSink sink) {
    this(
        hostId, PolicySet.of(List.of(Policy.everything("default", roots, settle))), excluded, sink);
  }

  /**
   * @param policies the policies in force at first; {@link #setPolicies} replaces them
   * @param excluded paths never recorded (the agent's own state and cache folders)
   */
  public SaveDetector(String hostId, PolicySet policies, Predicate<Path> excluded, SaveSink sink) {
    this(hostId, policies, excluded, sink, VersionStager.NONE);
  }

  /**
   * @param stager stages every-save versions while they are mapped ({@link VersionStager#NONE}:
   *     none are)
   */
  public SaveDetector(
      String hostId,
      PolicySet policies,
      Predicate<Path> excluded,
      SaveSink sink,
      VersionStager stager) {
    this.records = new RecordFactory(hostId);
    this.excluded = excluded;
    usePolicies(policies);
    this.sink = sink;
    this.stager = stager;
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
   * job ({@link #initialScan}, {@link #rescan}), after this call.
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
          known.removeIf(p -> rootOrNull(p) == null);
          dirty.removeIf(p -> rootOrNull(p) == null);
          vanished.removeIf(p -> rootOrNull(p) == null);
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

  /**
   * Replaces what the detector knows with {@code files} (a checkpoint with the journal replayed on
   * top), keeping only paths it follows under the policies in force. For a restart: call it before
   * the {@link #rescan rescans} that compare the roots against it.
   */
  public void load(KnownFiles files) {
    run(
        () -> {
          files.removeIf(p -> !recordable(p));
          known = files;
        });
  }

  /**
   * Runs {@code action} on the worker, between two records, with an immutable copy of what the
   * detector knows; for checkpoints: nothing is appended while it runs, so the caller can note the
   * journal's position with it. The returned future completes after {@code action}.
   */
  public CompletableFuture<Void> atQuietPoint(Consumer<Map<Path, KnownFile>> action) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    try {
      worker.execute(
          () -> {
            try {
              action.accept(known.copy());
              done.complete(null);
            } catch (RuntimeException e) {
              LOG.error("quiet-point task failed", e);
              done.completeExceptionally(e);
            }
          });
    } catch (RejectedExecutionException e) {
      done.completeExceptionally(e);
    }
    return done;
  }

  /** Saves seen but not settled yet. */
  public int pendingSaves() {
    return pendingCount;
  }

  /** How many times a file was read to map it (a rename that reuses a block map does not count). */
  public long filesMapped() {
    return content.filesMapped();
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

  /**
   * A new folder: runs {@code watch} (registering its watches) on the caller's thread, then walks
   * it for files that landed before its watch. Vanished names are held until that walk has run, and
   * a file it finds with the identity of a vanished name is recorded RENAMED at once: a folder
   * moved within a root takes as long to register and walk as it has files, which for a large one
   * is longer than the rename window.
   */
  public void directoryAppeared(Path dir, Runnable watch) {
    foldersComing.incrementAndGet();
    try {
      watch.run();
    } finally {
      run(
          () -> {
            try {
              walk(dir, this::onFound);
            } finally {
              foldersComing.decrementAndGet();
            }
          });
    }
  }

  /** A file a new folder's walk found: moved there (a vanished name's file), or created. */
  private void onFound(Path file, FileState st) {
    Path root = rootOrNull(file);
    if (root != null
        && !known.contains(file)
        && vanished.renameSource(file, st, v -> root.equals(rootOrNull(v))) != null) {
      save(file, now(), st, true); // no writer to wait for: same identity, size and mtime
    } else {
      onEvent(file, false);
    }
  }

  /**
   * Scans a root never scanned before: records every file as CREATED if {@code record} (a file
   * already known and unchanged is not recorded again), else only learns them. Runs {@code done}
   * after the scan, on the worker.
   *
   * <p>When recording, a known file under the root that is gone is first held as vanished, so it is
   * recorded DELETED, or RENAMED if the scan finds it under a new name: the files a start knows
   * there were recorded by an earlier initial scan that did not finish (the agent was killed), and
   * may have been deleted or moved since.
   */
  public void initialScan(Path root, boolean record, Runnable done) {
    run(
        () -> {
          if (record) {
            vanishGone(root);
          }
          walk(
              root,
              (file, st) -> {
                if (record) {
                  save(file, now(), st, false); // a first sight, not a save: nothing to stage
                } else {
                  known.put(file, KnownFile.scanned(st));
                }
              });
          done.run();
        });
  }

  /** Holds as vanished (found by a scan, not an event) every known file under {@code root} gone. */
  private void vanishGone(Path root) {
    for (Map.Entry<Path, KnownFile> e : known.under(root).entrySet()) {
      if (FileState.read(e.getKey()) == null) {
        vanish(e.getKey(), e.getValue(), false);
      }
    }
  }

  /**
   * Records what differs from the known files under {@code root}: a changed file (size, mtime,
   * identity, mode, or ctime) MODIFIED, an unknown one CREATED (or RENAMED if a vanished known file
   * matches it), a known one now missing DELETED; an unchanged one nothing. After lost events, on a
   * restart, on a schedule, or once the journal has room again.
   */
  public void rescan(Path root) {
    run(() -> doRescan(root));
  }

  private void doRescan(Path root) {
    Set<Path> seen = new HashSet<>();
    walk(
        root,
        (file, st) -> {
          seen.add(file);
          KnownFile old = known.get(file);
          if (old == null || !old.unchanged(st)) {
            onEvent(file, old != null);
          } else if (!old.exactCtime()) {
            known.put(file, old.confirmedAs(st));
          }
        });
    for (Map.Entry<Path, KnownFile> e : known.under(root).entrySet()) {
      if (!seen.contains(e.getKey())) {
        vanish(e.getKey(), e.getValue(), false);
      }
    }
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
    if (known.contains(file)) {
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
    save(p.path, p.detectedAt, st, true);
  }

  private void drop(Path file) {
    Pending p = pending.remove(file);
    if (p != null && p.timer != null) {
      p.timer.cancel(false);
    }
    pendingCount = pending.size();
  }

  /** Waits the settle time again for a file that changed while it was being read. */
  private void waitAgain(Path file, long detectedAt, FileState now) {
    Pending p = new Pending(file, detectedAt);
    pending.put(file, p);
    p.stat = now;
    p.lastChange = System.nanoTime();
    p.modified = true;
    schedule(p, settleNanos(file));
    pendingCount = pending.size();
  }

  /**
   * Reads and records a saved file, or waits again if it changed while being read.
   *
   * @param stageable a save (not the first sight of a file by an initial scan): under an every-save
   *     policy its content is staged while it is read
   */
  private void save(Path file, long detectedAt, FileState st, boolean stageable) {
    KnownFile old = known.get(file);
    if (old != null && old.unchanged(st)) {
      known.put(file, old.confirmedAs(st));
      dirty.remove(file);
      return; // seen twice (scan and event), nothing changed
    }
    Path root = rootOrNull(file);
    Optional<Policy> policy = root == null ? Optional.empty() : policies.classify(file, st.size());
    if (policy.isEmpty()) {
      return; // not copied: no record; what was last recorded for it, if anything, stays known
    }
    Vanished from =
        old == null ? vanished.renameSource(file, st, v -> root.equals(rootOrNull(v))) : null;
    long savedAt = now();
    BlockMap blocks;
    String linkTarget = null;
    long stageId = ChangeRecord.NOT_STAGED;
    if (from != null && canReuseBlocks(from, st)) {
      blocks = from.known.blocks().unpack(); // a rename changes no content: nothing to stage
    } else {
      VersionStager.Stage stage =
          stageable && !st.isLink() && policy.get().versions() == Versions.EVERY_SAVE
              ? stager.begin(root, RecordFactory.relative(root, file), savedAt)
              : null;
      FileContent.Result r = content.read(file, st, stage);
      if (!(r instanceof FileContent.Read) && stage != null) {
        stage.abort();
      }
      if (r instanceof FileContent.Changed c) {
        waitAgain(file, detectedAt, c.now());
        return;
      } else if (r instanceof FileContent.Gone) {
        LOG.debugf("%s vanished before it could be read", file);
        return; // its delete event records the deletion
      } else if (r instanceof FileContent.Unreadable u) {
        LOG.warnf("skipping %s: cannot read it (%s)", file, u.reason());
        sink.unreadable(file, u.reason());
        return;
      }
      FileContent.Read read = (FileContent.Read) r;
      blocks = read.blocks();
      linkTarget = read.linkTarget();
      if (old != null && sameContent(old, st, blocks)) {
        if (stage != null) {
          stage.abort();
        }
        known.put(file, old.confirmedAs(st)); // only the inode changed (links, xattrs): no save
        dirty.remove(file);
        return;
      }
      if (stage != null) {
        stageId = stage.commit(); // durable before the record that names it is appended
      }
    }
    ChangeKind kind = old != null ? ChangeKind.MODIFIED : ChangeKind.CREATED;
    String renamedFrom = null;
    if (from != null) {
      kind = from.path.equals(file) ? ChangeKind.MODIFIED : ChangeKind.RENAMED;
      renamedFrom = kind == ChangeKind.RENAMED ? RecordFactory.relative(root, from.path) : null;
    }
    ChangeRecord record =
        records.saved(
            root,
            file,
            kind,
            renamedFrom,
            st,
            linkTarget,
            policy.get().name(),
            detectedAt,
            savedAt,
            stageId,
            blocks);
    if (!sink.record(record)) {
      if (stageId != ChangeRecord.NOT_STAGED) {
        stager.unrecorded(stageId);
      }
      return; // not in the journal: the file stays known as it was, for the catch-up rescan
    }
    if (from != null) {
      vanished.remove(from);
      known.remove(from.path);
      dirty.remove(from.path);
    }
    known.put(file, KnownFile.recorded(st, true, PackedBlocks.of(blocks)));
    dirty.remove(file);
  }

  /**
   * True if a regular file whose state differs from the recorded one only in its ctime (a new hard
   * link, an extended attribute, a rewrite of the same bytes with the old mtime put back) still has
   * the content last recorded: then there is nothing to save.
   */
  private static boolean sameContent(KnownFile old, FileState st, BlockMap blocks) {
    return !st.isLink()
        && old.digest() != KnownFile.NO_DIGEST
        && old.state().equalsExceptCtime(st)
        && PackedBlocks.of(blocks).digest() == old.digest();
  }

  /**
   * True if the block map last recorded for {@code from} describes the file now at its new name
   * ({@code st}), so it need not be read again. Same identity, size, mtime and mode, and the ctime
   * either unchanged or moved only by the rename: the old name was seen going by a delete event
   * with no change event for it since its state was taken (every write, truncate, chmod or utimes
   * on a watched name gives one).
   */
  private static boolean canReuseBlocks(Vanished from, FileState st) {
    KnownFile k = from.known;
    FileState s = k.state();
    if (k.blocks() == null || !k.exactCtime() || k.blocks().size() != st.size()) {
      return false;
    }
    if (!st.mayBeRenamedFrom(s) || s.mode() != st.mode()) {
      return false;
    }
    return s.ctimeNanos() == st.ctimeNanos() || from.onlyMoved;
  }

  private void onDelete(Path path) {
    for (Path p : PathRanges.under(pending, path).keySet()) {
      drop(p);
    }
    KnownFile k = known.get(path);
    if (k != null) {
      vanish(path, k, true);
      return;
    }
    for (Map.Entry<Path, KnownFile> e : known.under(path).entrySet()) {
      vanish(e.getKey(), e.getValue(), true);
    }
  }

  /**
   * Holds {@code file} as vanished for the rename window.
   *
   * @param byEvent seen by a delete event (not by a rescan)
   */
  private void vanish(Path file, KnownFile k, boolean byEvent) {
    Vanished v = new Vanished(file, k, now(), byEvent && !dirty.contains(file));
    vanished.add(v);
    var unused =
        worker.schedule(() -> guarded(() -> vanishDue(v)), 2 * graceNanos, TimeUnit.NANOSECONDS);
  }

  private void vanishDue(Vanished v) {
    if (foldersComing.get() > 0) { // a new folder not walked yet may hold it under a new name
      var unused =
          worker.schedule(() -> guarded(() -> vanishDue(v)), graceNanos, TimeUnit.NANOSECONDS);
      return;
    }
    if (!vanished.remove(v)) {
      return; // consumed by a rename, or superseded
    }
    if (FileState.read(v.path) != null || !v.known.equals(known.get(v.path))) {
      return; // back under its name (rewrite by rename), or superseded
    }
    Path root = rootOrNull(v.path);
    FileState s = v.known.state();
    Optional<Policy> policy = root == null ? Optional.empty() : policies.classify(v.path, s.size());
    if (policy.isPresent()) {
      ChangeRecord deleted =
          records.deleted(root, v.path, s, policy.get().name(), v.detectedAt, now());
      if (!sink.record(deleted)) {
        return; // still known: the catch-up rescan finds it missing again
      }
    } // else no policy copies it as last recorded: its disappearance is not recorded either
    known.remove(v.path);
    dirty.remove(v.path);
  }

  /** Visits the recordable regular files and links under {@code dir}. */
  private void walk(Path dir, TreeWalk.FileAction action) {
    TreeWalk.walk(dir, excluded, this::recordable, action);
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

  static long now() {
    Instant i = Instant.now();
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }

  private void run(Runnable task) {
    try {
      worker.execute(() -> guarded(task));
    } catch (RejectedExecutionException e) {
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
