package dev.ferry.monitor.journal;

import java.io.IOException;
import java.nio.file.Path;

/** The backup cache folder cannot be created, written or opened as a queue. */
public final class CacheNotWritableException extends IOException {
  private static final long serialVersionUID = 1L;

  public CacheNotWritableException(Path dir, String reason, Throwable cause) {
    super("backup cache folder " + dir + " is not usable: " + reason, cause);
  }
}
