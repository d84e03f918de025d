package dev.ferry.target;

/** Another writer holds the target's single-writer lock. */
public class TargetLockedException extends java.io.IOException {
  private static final long serialVersionUID = 1L;

  public TargetLockedException(java.nio.file.Path lockFile) {
    super("another writer holds the target lock " + lockFile);
  }
}
