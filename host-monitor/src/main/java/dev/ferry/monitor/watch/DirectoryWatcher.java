package dev.ferry.monitor.watch;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * Recursive watch of the roots with one {@link WatchService} (inotify on Linux), feeding a {@link
 * SaveDetector}. New folders are registered as they appear; an OVERFLOW (lost events) re-registers
 * and rescans the root it came from.
 *
 * <p>Threading: {@link #register} and {@link #close} may be called from any thread; events are read
 * on one daemon thread started by {@link #start}.
 *
 * <p>Limits: each watched folder costs one inotify watch ({@code fs.inotify.max_user_watches});
 * when they run out, {@link #register} stops registering under that root, returns false and tells
 * the {@link LimitListener}, and the caller scans the root on a schedule instead. Symlinked folders
 * are not followed.
 */
public final class DirectoryWatcher implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(DirectoryWatcher.class);

  /** Told when a folder cannot be watched. */
  public interface LimitListener {
    /**
     * {@code dir} under {@code root} could not be registered ({@code why}: typically "User limit of
     * inotify watches reached"); called on the thread that registered.
     */
    void cannotWatch(Path root, Path dir, IOException why);
  }

  private final WatchService service;
  private final LimitListener limits;
  private volatile List<Path> roots;
  private final Predicate<Path> excluded;
  private final SaveDetector detector;
  private final Map<WatchKey, Path> dirs = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean closed;

  public DirectoryWatcher(
      List<Path> roots, Predicate<Path> excluded, SaveDetector detector, LimitListener limits)
      throws IOException {
    this.limits = limits;
    this.service = FileSystems.getDefault().newWatchService();
    this.roots = List.copyOf(roots);
    this.excluded = excluded;
    this.detector = detector;
    this.thread = new Thread(this::loop, "ferry-watch");
    thread.setDaemon(true);
  }

  /**
   * Replaces the roots: folders watched under a root that is gone (and under no remaining root)
   * stop being watched; new roots are not registered here ({@link #register} them).
   */
  public void setRoots(List<Path> next) {
    List<Path> now = List.copyOf(next);
    roots = now;
    for (Map.Entry<WatchKey, Path> e : dirs.entrySet()) {
      Path d = e.getValue();
      if (now.stream().noneMatch(d::startsWith)) {
        e.getKey().cancel();
        dirs.remove(e.getKey());
      }
    }
  }

  /**
   * Registers {@code dir} and every folder below it (skipping excluded ones); false if a folder
   * could not be registered (the listener was told, and the rest of the tree is left unwatched).
   */
  public boolean register(Path dir) {
    boolean[] complete = {true};
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
              if (excluded.test(d)) {
                return FileVisitResult.SKIP_SUBTREE;
              }
              try {
                dirs.put(d.register(service, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY), d);
              } catch (IOException e) {
                if (!isWatchLimit(e)) { // an unreadable folder: its files cannot be saved here
                  LOG.debugf("not watching %s: %s", d, e.toString());
                  return FileVisitResult.SKIP_SUBTREE;
                }
                complete[0] = false;
                Path root = rootOf(d);
                limits.cannotWatch(root == null ? dir : root, d, e);
                return FileVisitResult.TERMINATE; // each further folder would fail the same way
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path f, IOException e) {
              LOG.debugf("not watching %s: %s", f, e.toString());
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      LOG.warnf("cannot watch %s: %s", dir, e.toString());
      return false;
    }
    return complete[0];
  }

  /** The JDK reports inotify's ENOSPC (out of watches) with this message. */
  static boolean isWatchLimit(IOException e) {
    String m = e.getMessage();
    return m != null && m.contains("inotify watches");
  }

  public void start() {
    thread.start();
  }

  private void loop() {
    while (!closed) {
      WatchKey key;
      try {
        key = service.take();
      } catch (InterruptedException | ClosedWatchServiceException e) {
        return;
      }
      Path dir = dirs.get(key);
      if (dir != null) {
        for (WatchEvent<?> event : key.pollEvents()) {
          handle(dir, event);
        }
      }
      if (!key.reset()) {
        dirs.remove(key);
      }
    }
  }

  private void handle(Path dir, WatchEvent<?> event) {
    WatchEvent.Kind<?> kind = event.kind();
    if (kind == OVERFLOW) {
      Path root = rootOf(dir);
      if (root == null) {
        return; // a root no longer watched
      }
      LOG.warnf("events lost under %s: rescanning it", root);
      register(root);
      detector.rescan(root);
      return;
    }
    Path child = dir.resolve((Path) event.context());
    if (excluded.test(child) || rootOf(dir) == null) {
      return;
    }
    if (kind == ENTRY_DELETE) {
      detector.deleted(child);
    } else if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
      if (kind == ENTRY_CREATE) {
        detector.directoryAppeared(child, () -> register(child));
      }
    } else if (kind == ENTRY_CREATE) {
      detector.created(child);
    } else {
      detector.modified(child);
    }
  }

  /** The watched root {@code dir} is under, or null. */
  public Path rootOf(Path dir) {
    for (Path r : roots) {
      if (dir.startsWith(r)) {
        return r;
      }
    }
    return null;
  }

  @Override
  public void close() {
    closed = true;
    try {
      service.close();
    } catch (IOException e) {
      LOG.debug("closing the watch service", e);
    }
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
