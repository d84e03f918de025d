package dev.ferry.monitor;

import dev.ferry.monitor.journal.BackupCache;
import dev.ferry.monitor.journal.ChangeRecord;
import dev.ferry.monitor.journal.CorruptRecordException;
import dev.ferry.monitor.journal.JournalEntry;
import dev.ferry.monitor.watch.DirectoryWatcher;
import dev.ferry.monitor.watch.SaveDetector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * The workstation agent: watches the roots, and appends a change record to the backup cache for
 * every saved file.
 *
 * <p>State folder: {@value #SCANNED_ROOTS} lists the roots whose initial scan finished; a root not
 * listed there is scanned on start, every file recorded as CREATED. Written with write-temp-then
 * -rename. A root listed there is rescanned on start against the state the agent last recorded for
 * it, rebuilt from the backup cache (read from its start, for now): what changed while the agent
 * was stopped is recorded (MODIFIED, CREATED, DELETED, RENAMED), unchanged files are not.
 *
 * <p>Thread-safety: {@link #start} and {@link #close} once each, from one thread; {@link
 * #pendingSaves} from any thread. The cache is not closed by this class: its opener owns it.
 */
public final class HostMonitor implements AutoCloseable {
  /** The initial-scan marker in the state folder. */
  public static final String SCANNED_ROOTS = "scanned-roots";

  private static final Logger LOG = Logger.getLogger(HostMonitor.class);

  private final MonitorConfig cfg;
  private final BackupCache cache;
  private final MonitorListener listener;
  private SaveDetector detector;
  private DirectoryWatcher watcher;

  public HostMonitor(MonitorConfig cfg, BackupCache cache, MonitorListener listener) {
    this.cfg = cfg;
    this.cache = cache;
    this.listener = listener;
  }

  /**
   * Validates the roots, registers the watches, and starts the scan of every root (asynchronously:
   * records follow): the initial scan of roots never scanned before, a rescan against the last
   * recorded state for the others.
   *
   * @throws RootNotUsableException naming the first root that is missing, not a folder or not
   *     readable
   */
  public void start() throws IOException {
    if (detector != null) {
      throw new IllegalStateException("already started");
    }
    for (Path root : cfg.roots()) {
      validate(root);
    }
    Files.createDirectories(cfg.stateDir());
    Set<String> scanned = readScannedRoots();
    List<Path> resumed = cfg.roots().stream().filter(r -> scanned.contains(r.toString())).toList();
    Map<String, Map<String, ChangeRecord>> last =
        resumed.isEmpty() ? Map.of() : lastRecorded(cache, resumed);
    Path cacheDir = cache.dir();
    Path stateDir = cfg.stateDir();
    Predicate<Path> excluded =
        p -> p.startsWith(stateDir) || p.startsWith(cacheDir) || cfg.isExcluded(p);
    detector =
        new SaveDetector(cfg.hostId(), cfg.roots(), cfg.settle(), excluded, this::appendRecord);
    watcher = new DirectoryWatcher(cfg.roots(), excluded, detector);
    for (Path root : cfg.roots()) {
      watcher.register(root);
    }
    watcher.start();
    for (Path root : cfg.roots()) {
      if (resumed.contains(root)) {
        Map<String, ChangeRecord> byPath = last.getOrDefault(root.toString(), Map.of());
        detector.resumeScan(root, byPath.values(), () -> {});
      } else {
        detector.initialScan(root, true, () -> markScanned(root));
      }
    }
    LOG.infof("watching %s", cfg.roots());
  }

  /**
   * The state the agent last recorded under {@code roots}: per root (as configured), per relative
   * path, the newest CREATED, MODIFIED or RENAMED record of a path not deleted or renamed away
   * since. Reads the journal from the start; a damaged record is skipped (its path may then be
   * recorded again on the rescan).
   *
   * <p>Interim: this relies on the journal holding every record since the first scan. Once the
   * journal is trimmed after the copy manager acknowledges records, a state index persisted by the
   * agent (path → state, block map, ctime) replaces this read.
   */
  static Map<String, Map<String, ChangeRecord>> lastRecorded(BackupCache cache, List<Path> roots) {
    Map<String, Map<String, ChangeRecord>> last = new HashMap<>();
    for (Path r : roots) {
      last.put(r.toString(), new HashMap<>());
    }
    long damaged = 0;
    try (BackupCache.Reader reader = cache.readFrom(-1)) {
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
        ChangeRecord r = e.get().record();
        Map<String, ChangeRecord> byPath = last.get(r.root());
        if (byPath == null) {
          continue;
        }
        switch (r.kind()) {
          case DELETED -> byPath.remove(r.path());
          case RENAMED -> {
            byPath.remove(r.renamedFrom());
            byPath.put(r.path(), r);
          }
          case CREATED, MODIFIED -> byPath.put(r.path(), r);
        }
      }
    }
    if (damaged > 0) {
      LOG.warnf(
          "%d damaged records in the backup cache skipped while rebuilding the state", damaged);
    }
    return last;
  }

  private static void validate(Path root) throws IOException {
    if (!Files.exists(root)) {
      throw new RootNotUsableException(root, "it does not exist");
    }
    if (Files.isSymbolicLink(root)) {
      // Watches and scans do not follow links; a linked root would silently watch nothing.
      throw new RootNotUsableException(
          root, "it is a symbolic link; configure its target " + root.toRealPath());
    }
    if (!Files.isDirectory(root)) {
      throw new RootNotUsableException(root, "it is not a directory");
    }
    if (!Files.isReadable(root) || !Files.isExecutable(root)) {
      throw new RootNotUsableException(root, "it is not readable");
    }
  }

  private void appendRecord(ChangeRecord r) {
    long index = cache.append(r);
    if (listener != null) {
      Instant i = Instant.now();
      listener.recorded(r, index, i.getEpochSecond() * 1_000_000_000L + i.getNano());
    }
  }

  private Set<String> readScannedRoots() throws IOException {
    Path marker = cfg.stateDir().resolve(SCANNED_ROOTS);
    if (!Files.exists(marker)) {
      return new LinkedHashSet<>();
    }
    return new LinkedHashSet<>(Files.readAllLines(marker, StandardCharsets.UTF_8));
  }

  /** Adds {@code root} to the marker; runs on the detector's worker, after the root's scan. */
  private void markScanned(Path root) {
    try {
      Set<String> roots = readScannedRoots();
      roots.add(root.toString());
      Path marker = cfg.stateDir().resolve(SCANNED_ROOTS);
      Path tmp = cfg.stateDir().resolve(SCANNED_ROOTS + ".tmp");
      Files.write(tmp, new ArrayList<>(roots), StandardCharsets.UTF_8);
      Files.move(tmp, marker, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the scan marker in " + cfg.stateDir(), e);
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

  /** Roots as watched (absolute, normalized). */
  public List<Path> roots() {
    return cfg.roots();
  }

  /**
   * Stops watching; pending saves are dropped (the next start finds them by its rescan against the
   * recorded state).
   */
  @Override
  public void close() {
    if (watcher != null) {
      watcher.close();
    }
    if (detector != null) {
      detector.close();
    }
  }
}
