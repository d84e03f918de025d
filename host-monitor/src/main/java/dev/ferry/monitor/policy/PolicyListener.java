package dev.ferry.monitor.policy;

import java.nio.file.Path;

/**
 * Told by a {@link PolicyWatcher} what its folder now says. The calls for the initial load run on
 * the thread that starts the watcher, later ones on the watcher's thread; never two at once.
 */
public interface PolicyListener {
  /** {@code policies} are now in force; called once at start, then after each change. */
  void policiesChanged(PolicySet policies);

  /**
   * {@code file} was found invalid or unreadable; the policy it held before, if any, stays in
   * force. Called once per content of the file, not on every rescan.
   */
  void policyRejected(Path file, PolicyException error);
}
