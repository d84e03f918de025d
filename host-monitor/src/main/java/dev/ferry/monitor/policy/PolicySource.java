package dev.ferry.monitor.policy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Where a {@link dev.ferry.monitor.HostMonitor} gets its policies: a fixed {@link PolicySet}, or a
 * policy folder reloaded by a {@link PolicyWatcher} while the monitor runs.
 *
 * <p>A source is started once by its monitor and closed by it.
 */
public interface PolicySource extends AutoCloseable {
  /**
   * Starts the source.
   *
   * @param changes told each later set of policies in force, on the source's own thread, never two
   *     calls at once. A call may come before this method returns, and may repeat the set it
   *     returns: the caller applies the returned set first (under a lock the calls also take)
   * @return the policies in force now
   * @throws IOException if the source cannot be read (a policy folder that cannot be listed)
   */
  PolicySet start(Consumer<PolicySet> changes) throws IOException;

  /** Stops telling changes; idempotent. */
  @Override
  void close();

  /** Always {@code policies}. */
  static PolicySource fixed(PolicySet policies) {
    Objects.requireNonNull(policies, "policies");
    return new PolicySource() {
      @Override
      public PolicySet start(Consumer<PolicySet> changes) {
        return policies;
      }

      @Override
      public void close() {}

      @Override
      public String toString() {
        return "policies " + policies;
      }
    };
  }

  /** The policy files of {@code folder}, reloaded on change ({@link PolicyWatcher}). */
  static PolicySource folder(Path folder) {
    return folder(folder, null);
  }

  /**
   * The policy files of {@code folder}, reloaded on change ({@link PolicyWatcher}); {@code
   * observer}, if not null, is told every rejected file (those of the initial load included) and
   * every later set of policies, once the monitor has applied it (not the initial set).
   */
  static PolicySource folder(Path folder, PolicyListener observer) {
    Objects.requireNonNull(folder, "folder");
    return new FolderSource(folder, observer);
  }

  /** A policy folder under a {@link PolicyWatcher}. */
  final class FolderSource implements PolicySource {
    private final Path folder;
    private final PolicyListener observer;
    private PolicyWatcher watcher;
    private volatile Consumer<PolicySet> changes;
    private volatile boolean initial;

    private FolderSource(Path folder, PolicyListener observer) {
      this.folder = folder;
      this.observer = observer;
    }

    @Override
    public synchronized PolicySet start(Consumer<PolicySet> changes) throws IOException {
      if (watcher != null) {
        throw new IllegalStateException("already started");
      }
      PolicyListener l =
          new PolicyListener() {
            @Override
            public void policiesChanged(PolicySet policies) {
              if (initial) { // the initial load, on the starting thread: start returns it
                initial = false;
                return;
              }
              Consumer<PolicySet> c = FolderSource.this.changes;
              if (c != null) {
                c.accept(policies);
              }
              if (observer != null) {
                observer.policiesChanged(policies);
              }
            }

            @Override
            public void policyRejected(Path file, PolicyException error) {
              if (observer != null) {
                observer.policyRejected(file, error);
              }
            }
          };
      // The watcher reports its initial load first, on this thread, then starts its own; a later
      // change goes to `changes` at once, possibly before the caller applied the set returned here
      // (the caller orders the two).
      this.changes = changes;
      this.initial = true;
      PolicyWatcher w = PolicyWatcher.start(folder, l);
      watcher = w;
      return w.current();
    }

    @Override
    public synchronized void close() {
      changes = null;
      if (watcher != null) {
        try {
          watcher.close();
        } catch (IOException e) {
          // closing a watch service; nothing to do
        }
      }
    }

    @Override
    public String toString() {
      return "policy folder " + folder;
    }
  }
}
