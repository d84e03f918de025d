package dev.ferry.manager.drain;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writing to the target failed (disk full, I/O error): unlike a problem with one source file, this
 * fails the whole drain, which then records nothing and keeps its position.
 */
public class TargetWriteException extends UncheckedIOException {
  private static final long serialVersionUID = 1L;

  public TargetWriteException(IOException cause) {
    super("writing to the target failed: " + cause.getMessage(), cause);
  }
}
