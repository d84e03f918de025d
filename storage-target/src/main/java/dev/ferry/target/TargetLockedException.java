package dev.ferry.target;

/** Another writer holds the target's single-writer lock. */
public class TargetLockedException extends java.io.IOException {
  private static final long serialVersionUID = 1L;

  public TargetLockedException(java.nio.file.Path lockFile) {
    this("the target lock " + lockFile);
  }

  /** {@code lock}: what is held, as a message names it. */
  public TargetLockedException(String lock) {
    super("another writer holds " + lock);
  }
}
