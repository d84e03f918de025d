package dev.ferry.monitor;

import dev.ferry.monitor.journal.BackupCache;
import dev.ferry.monitor.policy.Policy;
import dev.ferry.monitor.policy.PolicySet;
import dev.ferry.monitor.policy.PolicySource;
import dev.ferry.monitor.staging.StagingStore;
import dev.ferry.monitor.state.KnownFiles;
import dev.ferry.monitor.watch.DirectoryWatcher;
import dev.ferry.monitor.watch.SaveDetector;
import dev.ferry.monitor.watch.VersionStager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * The workstation agent: watches the roots of the policies in force, and appends a change record to
 * the backup cache for every saved file a policy copies (rules: {@link SaveDetector}, {@code
 * src-docs/policy.md}).
 *
 * <p>Policies come from a {@link PolicySource}: a fixed {@link PolicySet} (a {@link MonitorConfig}
 * is one policy named {@value MonitorConfig#POLICY_NAME}), or a policy folder reloaded while the
 * agent runs. On a reload, roots that are new are watched and scanned as on a start (below), roots
 * that are gone stop being watched (their files get no DELETED record: they are still there), the
 * new include, exclude, size and settle rules apply to saves after it, and the roots kept are
 * rescanned, so a file the new rules copy and no record describes yet is recorded (CREATED) at once
 * rather than at its next save. A new root that is not usable (missing, not a folder, unreadable, a
 * link, inside Ferry's own folders) is logged and skipped, and tried again at the next reload; at
 * {@link #start} it is an error.
 *
 * <p>State folder: {@value #SCANNED_ROOTS} lists the roots whose initial scan finished; a root not
 * listed there is scanned when it is first watched, every file a policy copies and the agent does
 * not know unchanged recorded as CREATED, and every file it knows there but finds gone (recorded by
 * an initial scan that a kill cut short) as DELETED or RENAMED. Written with
 * write-temp-then-rename. The file-state checkpoints ({@link StateKeeper},
 * src-docs/file-state-index.md) hold what the agent knows of every file; at a start the newest one,
 * with the journal records after it replayed, is what the roots are rescanned against: what changed
 * while the agent was stopped is recorded (MODIFIED, CREATED, DELETED, RENAMED), unchanged files
 * are not.
 *
 * <p>Periodic work ({@link MonitorTimings}): a checkpoint while records are appended (which lets
 * the journal trim acknowledged records), a reconciliation rescan of every root (daily by default)
 * for what events missed, a rescan of the roots that cannot be watched because inotify watches ran
 * out (with a try to watch them again), and, while the journal's disk is full, a look for room
 * again, followed by a rescan of every root that records the saves the full disk refused.
 *
 * <p>Thread-safety: {@link #start} and {@link #close} once each, from one thread; {@link
 * #pendingSaves} and {@link #roots} from any thread; policy changes arrive on the source's thread.
 * The cache is not closed by this class: its opener owns it.
 */
public final class HostMonitor implements AutoCloseable {
  /** The initial-scan marker in the state folder. */
  public static final String SCANNED_ROOTS = "scanned-roots";

  /** While the journal's disk is full, how often to look for room again. */
  static final Duration CATCH_UP_CHECK = Duration.ofSeconds(5);

  private static final Logger LOG = Logger.getLogger(HostMonitor.class);

  private final String hostId;
  private final PolicySource source;
  private final Path stateDir;
  private final ScanMarker marker;
  private final List<Path> excludedDirs;
  private final BackupCache cache;
  private final MonitorListener listener;
  private final MonitorTimings timings;
  private final EverySaveStager stager;
  private SaveDetector detector;
  private DirectoryWatcher watcher;
  private StateKeeper keeper;
  private JournalSink sink;
  private ScheduledExecutorService scheduler;

  /** What the checkpoint and journal said at start; handed to the detector by the first apply. */
  private KnownFiles loaded;

  /** Roots rescanned on a schedule because they cannot be watched; concurrent. */
  private final Set<Path> polled = ConcurrentHashMap.newKeySet();

  private volatile Instant lastRescan;

  /** Guards the fields below and orders policy changes against {@link #start}. */
  private final Object lock = new Object();

  /** The roots watched and scanned, every policy root (nested ones too); sorted. */
  private Set<Path> watched = new TreeSet<>();

  private volatile PolicySet policies = PolicySet.empty();
  private boolean closed;

  /** Watches {@code cfg}'s roots as one policy ({@link MonitorConfig#policies()}). */
  public HostMonitor(MonitorConfig cfg, BackupCache cache, MonitorListener listener) {
    this(
        cfg.hostId(),
        PolicySource.fixed(cfg.policies()),
        cfg.stateDir(),
        cfg.excluded(),
        cache,
        listener,
        MonitorTimings.defaults());
  }

  /**
   * @param hostId this workstation's id, written into every record
   * @param policies where the policies come from; started by {@link #start}, closed by {@link
   *     #close}
   * @param stateDir the agent's own folder (initial-scan marker); never watched, even inside a root
   * @param excluded folders never watched, scanned or recorded, even inside a root (the copy
   *     manager's data and target folders); null means none. The state folder and the backup
   *     cache's folder are always excluded as well
   * @param listener told every record, may be null
   * @param timings how often the periodic work runs
   */
  public HostMonitor(
      String hostId,
      PolicySource policies,
      Path stateDir,
      List<Path> excluded,
      BackupCache cache,
      MonitorListener listener,
      MonitorTimings timings) {
    this(hostId, policies, stateDir, excluded, cache, listener, timings, null);
  }

  /**
   * As above, staging every-save versions in {@code staging} (null: every-save policies are
   * recorded like latest ones, with a warning). The store is not closed by this class.
   */
  public HostMonitor(
      String hostId,
      PolicySource policies,
      Path stateDir,
      List<Path> excluded,
      BackupCache cache,
      MonitorListener listener,
      MonitorTimings timings,
      StagingStore staging) {
    Objects.requireNonNull(hostId, "hostId");
    if (hostId.isBlank()) {
      throw new IllegalArgumentException("hostId is blank");
    }
    this.hostId = hostId;
    this.source = Objects.requireNonNull(policies, "policies");
    this.stateDir = stateDir.toAbsolutePath().normalize();
    this.marker = new ScanMarker(this.stateDir);
    this.excludedDirs =
        excluded == null
            ? List.of()
            : excluded.stream().map(e -> e.toAbsolutePath().normalize()).toList();
    this.cache = Objects.requireNonNull(cache, "cache");
    this.listener = listener;
    this.timings = Objects.requireNonNull(timings, "timings");
    this.stager = staging == null ? null : new EverySaveStager(staging);
  }

  /**
   * Starts the policy source, validates the roots of the policies in force, loads what the agent
   * knew (checkpoint and journal), registers the watches, and starts the scan of every root
   * (asynchronously: records follow): the initial scan of roots never scanned before, a rescan
   * against what the agent knew for the others. Then the periodic work.
   *
   * @throws RootNotUsableException naming the first root that is missing, not a folder, not
   *     readable, a symbolic link, or inside an excluded folder
   */
  public void start() throws IOException {
    synchronized (lock) {
      if (detector != null) {
        throw new IllegalStateException("already started");
      }
      PolicySet initial;
      try {
        // A change the source reports meanwhile waits for the lock, so it follows `initial`.
        initial = source.start(this::policiesChanged);
        for (Path root : initial.roots()) {
          validate(root);
        }
        Files.createDirectories(stateDir);
        keeper = new StateKeeper(stateDir, cache);
        StateKeeper.Loaded state = keeper.load();
        if (state.journalReplaced()) {
          marker.clear(); // record every file again
        }
        loaded = state.files();
        LOG.infof(
            "file state: %d files known, %d journal records replayed",
            loaded.size(), state.replayed());
      } catch (IOException | RuntimeException e) {
        source.close();
        throw e;
      }
      Path cacheDir = cache.dir();
      // Folders every policy excludes (.git, node_modules) are neither watched nor scanned: a
      // checkout's or a build's own churn there costs nothing.
      Predicate<Path> excluded =
          p ->
              p.startsWith(stateDir)
                  || p.startsWith(cacheDir)
                  || isExcluded(p)
                  || policies.ignoresFolder(p);
      sink = new JournalSink(cache, keeper, listener);
      detector =
          new SaveDetector(
              hostId,
              PolicySet.empty(),
              excluded,
              sink,
              stager == null ? VersionStager.NONE : stager);
      watcher = new DirectoryWatcher(List.of(), excluded, detector, this::cannotWatch);
      watcher.start();
      apply(initial);
      startPeriodicWork();
      LOG.infof("watching %s for policies %s", watched, initial);
    }
  }

  private void startPeriodicWork() {
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "ferry-agent-periodic");
              t.setDaemon(true);
              return t;
            });
    every(timings.checkpointEvery(), this::checkpointIfBehind);
    every(timings.rescanEvery(), this::reconcile);
    every(timings.pollEvery(), this::pollUnwatched);
    every(
        CATCH_UP_CHECK.compareTo(timings.pollEvery()) < 0 ? CATCH_UP_CHECK : timings.pollEvery(),
        this::catchUpIfRoom);
  }

  private void every(Duration period, Runnable task) {
    long ms = Math.max(1, period.toMillis());
    var unused =
        scheduler.scheduleWithFixedDelay(
            () -> {
              try {
                task.run();
              } catch (RuntimeException e) {
                LOG.error("periodic agent task failed; it runs again at its next time", e);
              }
            },
            ms,
            ms,
            TimeUnit.MILLISECONDS);
  }

  private void checkpointIfBehind() {
    if (keeper.behind()) {
      keeper.checkpoint(detector);
    }
  }

  /** The reconciliation scan: what events missed (a lost OVERFLOW, a watch added late). */
  private void reconcile() {
    lastRescan = Instant.now();
    for (Path root : outerWatched()) {
      detector.rescan(root);
    }
  }

  /** Roots that cannot be watched are scanned instead; each poll tries to watch them again. */
  private void pollUnwatched() {
    for (Path root : List.copyOf(polled)) {
      if (watcher.register(root)) {
        polled.remove(root);
        LOG.infof("watching %s with inotify again", root);
      }
      detector.rescan(root);
    }
  }

  private void catchUpIfRoom() {
    if (sink.roomAgain()) {
      reconcile();
    }
  }

  /** From the watcher: inotify watches ran out under {@code root}. */
  private void cannotWatch(Path root, Path dir, IOException why) {
    if (polled.add(root)) {
      LOG.warnf(
          "cannot watch %s under %s (%s): inotify watches ran out. Raise the limit, e.g."
              + " 'sysctl fs.inotify.max_user_watches=524288' (and in /etc/sysctl.d/ to keep it);"
              + " until then %s is rescanned every %s",
          dir, root, why.getMessage(), root, timings.pollEvery());
    }
  }

  private List<Path> outerWatched() {
    synchronized (lock) {
      return outermost(watched);
    }
  }

  /** What needs attention now, and when the periodic work last ran. */
  public MonitorHealth health() {
    JournalSink s = sink;
    StateKeeper k = keeper;
    EverySaveStager st = stager;
    return new MonitorHealth(
        s != null && s.full(),
        s == null ? 0 : s.unrecordedSaves(),
        s == null ? 0 : s.unreadableFiles(),
        s == null ? null : s.lastUnreadable(),
        List.copyOf(new TreeSet<>(polled)),
        k == null ? null : k.lastCheckpoint(),
        lastRescan,
        st == null ? null : st.usage(),
        st == null ? 0 : st.unstagedSaves(),
        st == null ? null : st.lastProblem());
  }

  /** A reload: runs on the policy source's thread. */
  private void policiesChanged(PolicySet next) {
    synchronized (lock) {
      if (closed || detector == null) {
        return;
      }
      apply(next);
      LOG.infof("policies %s in force; watching %s", next, watched);
    }
  }

  /**
   * Puts {@code next} in force: new roots watched and scanned, gone ones dropped, the others (on a
   * reload) rescanned so that files the new rules copy and no record describes yet are recorded.
   */
  private void apply(PolicySet next) {
    boolean reload = !watched.isEmpty();
    List<Path> usable = new ArrayList<>();
    for (Path root : next.roots()) {
      if (watched.contains(root)) {
        usable.add(root);
        continue;
      }
      try {
        validate(root);
        usable.add(root);
      } catch (IOException e) {
        LOG.warnf("%s; not watched until the policies change", e.getMessage());
      }
    }
    List<Path> added = usable.stream().filter(r -> !watched.contains(r)).toList();
    List<Path> removed = watched.stream().filter(r -> !usable.contains(r)).toList();
    // Only usable roots are watched: a policy whose root is skipped copies nothing there.
    policies = next;
    detector.setPolicies(withRoots(next, usable));
    if (loaded != null) { // the first apply: what the agent knew, under the roots now in force
      detector.load(loaded);
      loaded = null;
    }
    watched = new TreeSet<>(usable);
    List<Path> outer = outermost(watched);
    watcher.setRoots(outer);
    if (!removed.isEmpty()) {
      LOG.infof("no longer watching %s", removed);
      polled.removeAll(removed);
    }
    if (reload) {
      // Rules may have changed: a file newly included (or under a new size limit) is recorded
      // now, not at its next save, and a folder no longer excluded is watched. Unchanged files
      // cost a stat; nothing is read but new files.
      for (Path root : outermost(watched.stream().filter(r -> !added.contains(r)).toList())) {
        watcher.register(root);
        detector.rescan(root);
      }
    }
    if (added.isEmpty()) {
      return;
    }
    for (Path root : outermost(added)) {
      watcher.register(root);
    }
    Set<String> scanned;
    try {
      scanned = marker.scanned();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the scan marker in " + stateDir, e);
    }
    for (Path root : added) { // sorted: an outer root before the roots inside it
      if (scanned.contains(root.toString())) {
        detector.rescan(root);
      } else {
        detector.initialScan(root, true, () -> markScanned(root));
      }
    }
  }

  /** {@code set} less the roots not in {@code usable}; a policy left without roots is dropped. */
  private static PolicySet withRoots(PolicySet set, List<Path> usable) {
    if (usable.containsAll(set.roots())) {
      return set;
    }
    List<Policy> kept = new ArrayList<>();
    for (Policy p : set.policies()) {
      List<Path> roots = p.roots().stream().filter(usable::contains).toList();
      if (!roots.isEmpty()) {
        kept.add(
            new Policy(
                p.name(),
                p.file(),
                roots,
                p.include(),
                p.exclude(),
                p.minSize(),
                p.maxSize(),
                p.settle(),
                p.hold(),
                p.schedule(),
                p.versions(),
                p.retention(),
                p.targets(),
                p.priority()));
      }
    }
    return PolicySet.of(kept);
  }

  /** {@code roots} without those inside another of them. */
  private static List<Path> outermost(Collection<Path> roots) {
    List<Path> out = new ArrayList<>();
    for (Path r : new TreeSet<>(roots)) {
      if (out.isEmpty() || !r.startsWith(out.get(out.size() - 1))) {
        out.add(r);
      }
    }
    return out;
  }

  private boolean isExcluded(Path p) {
    for (Path e : excludedDirs) {
      if (p.startsWith(e)) {
        return true;
      }
    }
    return false;
  }

  private void validate(Path root) throws IOException {
    RootCheck.check(root, List.of(stateDir, cache.dir()), excludedDirs);
  }

  /** Adds {@code root} to the marker; runs on the detector's worker, after the root's scan. */
  private void markScanned(Path root) {
    marker.mark(root);
    ScheduledExecutorService s = scheduler;
    if (s != null) { // a big scan is worth a checkpoint at once, not in up to five minutes
      try {
        s.execute(this::checkpointIfBehind);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // closing: close() writes the last checkpoint
      }
    }
  }

  /** Saves seen but not settled yet. */
  public int pendingSaves() {
    SaveDetector d = detector;
    return d == null ? 0 : d.pendingSaves();
  }

  /** Files read to map them so far; for tests. */
  long filesMapped() {
    SaveDetector d = detector;
    return d == null ? 0 : d.filesMapped();
  }

  /**
   * Roots of the policies in force (absolute, normalized, sorted, nested ones included); before
   * {@link #start}, none.
   */
  public List<Path> roots() {
    return List.copyOf(policies.roots());
  }

  /** The policies in force (as the source gave them); before {@link #start}, none. */
  public PolicySet policies() {
    return policies;
  }

  /**
   * Stops watching and writes a last checkpoint; pending saves are dropped (the next start finds
   * them by its rescan against the recorded state).
   */
  @Override
  public void close() {
    source.close(); // not under the lock: a reload waiting for it would never end
    synchronized (lock) {
      closed = true;
      if (watcher != null) {
        watcher.close();
      }
      if (scheduler != null) {
        scheduler.shutdownNow();
        try {
          scheduler.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (detector != null) {
        if (keeper.behind()) {
          keeper.checkpoint(detector);
        }
        detector.close();
      }
    }
  }
}
