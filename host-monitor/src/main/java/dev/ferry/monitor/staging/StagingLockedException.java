package dev.ferry.monitor.staging;

import java.io.IOException;
import java.nio.file.Path;

/** Another process (or another open store in this one) holds the staging folder's lock. */
public final class StagingLockedException extends IOException {
  private static final long serialVersionUID = 1L;

  public StagingLockedException(Path dir) {
    super(dir + ": the staging store is open in another process (lock held)");
  }
}
