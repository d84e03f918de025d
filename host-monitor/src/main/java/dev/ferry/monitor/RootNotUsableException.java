package dev.ferry.monitor;

import java.io.IOException;
import java.nio.file.Path;

/** A configured root is missing, not a folder, or not readable. */
public final class RootNotUsableException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path root;

  public RootNotUsableException(Path root, String reason) {
    super("watched root " + root + " is not usable: " + reason);
    this.root = root;
  }

  /** The root that failed. */
  public Path root() {
    return root;
  }
}
