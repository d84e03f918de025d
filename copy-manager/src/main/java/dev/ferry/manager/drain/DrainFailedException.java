package dev.ferry.manager.drain;

/** A drain stopped before its commit: nothing was recorded and the position did not move. */
public class DrainFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DrainFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
