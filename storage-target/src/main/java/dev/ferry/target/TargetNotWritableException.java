package dev.ferry.target;

/** The target directory cannot be created or written. */
public class TargetNotWritableException extends java.io.IOException {
  private static final long serialVersionUID = 1L;

  public TargetNotWritableException(java.nio.file.Path dir, Throwable cause) {
    super("target directory is not writable: " + dir, cause);
  }
}
