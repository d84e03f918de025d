package dev.ferry.monitor.policy;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Hot reload of a {@link PolicyFolder}: watches the folder and, once it has been quiet for a
 * moment, reloads it and tells the listener. It also rescans on a timer, so an event the file
 * system lost (or a folder on a network share) is only late, never missed.
 *
 * <p>Invalid files are logged (one line per error) and given to the listener; the policies in force
 * do not change because of them. The listener runs on the watcher's own daemon thread; an exception
 * it throws is logged and ignored. Thread-safe; {@link #close()} stops the thread.
 */
public final class PolicyWatcher implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(PolicyWatcher.class);

  /** How long the folder must stay quiet before a reload: an editor's save is several events. */
  static final Duration QUIET = Duration.ofMillis(150);

  /** The safety-net rescan. */
  static final Duration RESCAN = Duration.ofSeconds(30);

  private final PolicyFolder folder;
  private final PolicyListener listener;
  private final WatchService watch;
  private final Duration quiet;
  private final Duration rescan;
  private final Thread thread;

  /** Replaced when the folder is deleted and created again. Only the watcher's thread uses it. */
  private WatchKey key;

  private PolicyWatcher(
      PolicyFolder folder,
      PolicyListener listener,
      WatchService watch,
      Duration quiet,
      Duration rescan) {
    this.folder = folder;
    this.listener = listener;
    this.watch = watch;
    this.quiet = quiet;
    this.rescan = rescan;
    this.thread = new Thread(this::run, "ferry-policy-watcher");
    thread.setDaemon(true);
  }

  /**
   * Loads the folder, tells {@code listener} the result (rejections, then {@code policiesChanged}),
   * and starts watching.
   *
   * @throws IOException if the folder cannot be listed or watched
   */
  public static PolicyWatcher start(Path folder, PolicyListener listener) throws IOException {
    return start(folder, listener, QUIET, RESCAN);
  }

  static PolicyWatcher start(Path folder, PolicyListener listener, Duration quiet, Duration rescan)
      throws IOException {
    PolicyFolder f = new PolicyFolder(folder);
    WatchService ws = f.folder().getFileSystem().newWatchService();
    try {
      PolicyWatcher w = new PolicyWatcher(f, listener, ws, quiet, rescan);
      w.key = register(f.folder(), ws);
      w.report(f.reload(), true);
      w.thread.start();
      return w;
    } catch (IOException | RuntimeException e) {
      ws.close();
      throw e;
    }
  }

  private static WatchKey register(Path folder, WatchService ws) throws IOException {
    return folder.register(
        ws,
        StandardWatchEventKinds.ENTRY_CREATE,
        StandardWatchEventKinds.ENTRY_MODIFY,
        StandardWatchEventKinds.ENTRY_DELETE);
  }

  /** The policies in force. */
  public PolicySet current() {
    return folder.current();
  }

  /** Stops watching and waits for the thread to end; the listener is not called afterwards. */
  @Override
  public void close() throws IOException {
    watch.close();
    thread.interrupt();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    try {
      while (true) {
        WatchKey k = watch.poll(rescan.toMillis(), TimeUnit.MILLISECONDS);
        while (k != null) { // wait for the burst of events to end
          k.pollEvents();
          if (!k.reset()) {
            LOG.warnf("policy folder %s is gone; policies stay as they are", folder.folder());
          }
          k = watch.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
        }
        reload();
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // closed
    }
  }

  private void reload() {
    try {
      if (!key.isValid()) { // the folder was deleted; watch it again once it is back
        key = register(folder.folder(), watch);
      }
      report(folder.reload(), false);
    } catch (IOException e) {
      LOG.warnf("cannot read policy folder %s: %s; policies stay as they are", folder.folder(), e);
    }
  }

  private void report(PolicyFolder.Reload r, boolean first) {
    for (Map.Entry<Path, PolicyException> e : r.rejected().entrySet()) {
      for (PolicyError error : e.getValue().errors()) {
        LOG.warn(error);
      }
      LOG.warnf(
          "policy file %s rejected; its previous version, if any, stays in force", e.getKey());
      try {
        listener.policyRejected(e.getKey(), e.getValue());
      } catch (RuntimeException x) {
        LOG.error("policy listener failed", x);
      }
    }
    if (r.changed() || first) {
      LOG.infof("policies in force: %s", r.policies());
      try {
        listener.policiesChanged(r.policies());
      } catch (RuntimeException x) {
        LOG.error("policy listener failed", x);
      }
    }
  }
}
