package dev.ferry.monitor;

import dev.ferry.monitor.journal.BackupCache;
import dev.ferry.monitor.journal.ChangeRecord;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * The workstation agent: watches the roots, and appends a change record to the backup cache for
 * every saved file.
 *
 * <p>State folder: {@value #SCANNED_ROOTS} lists the roots whose initial scan finished; a root not
 * listed there is scanned on start, every file recorded as CREATED. Written with write-temp-then
 * -rename.
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
   * Validates the roots, registers the watches, and starts the initial scan of roots never scanned
   * before (asynchronously: records follow).
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
    Path cacheDir = cache.dir();
    Path stateDir = cfg.stateDir();
    Predicate<Path> excluded = p -> p.startsWith(stateDir) || p.startsWith(cacheDir);
    detector =
        new SaveDetector(cfg.hostId(), cfg.roots(), cfg.settle(), excluded, this::appendRecord);
    watcher = new DirectoryWatcher(cfg.roots(), excluded, detector);
    for (Path root : cfg.roots()) {
      watcher.register(root);
    }
    watcher.start();
    for (Path root : cfg.roots()) {
      boolean first = !scanned.contains(root.toString());
      detector.initialScan(root, first, first ? () -> markScanned(root) : () -> {});
    }
    LOG.infof("watching %s", cfg.roots());
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

  /** Roots as watched (absolute, normalized). */
  public List<Path> roots() {
    return cfg.roots();
  }

  /** Stops watching; pending saves are dropped (the next start does not rescan them). */
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
