package dev.ferry.target;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The file system holding the target has no room left (ENOSPC) for {@code file}. Permanent until
 * space is freed: retrying at once fails the same way. The commit that met it wrote nothing the
 * target keeps except what an earlier step had already made durable (see the target format's "Read
 * and write ordering").
 */
public class TargetFullException extends IOException {
  private static final long serialVersionUID = 1L;

  public TargetFullException(Path file, IOException cause) {
    super("no space left on the target's file system writing " + file, cause);
  }
}
