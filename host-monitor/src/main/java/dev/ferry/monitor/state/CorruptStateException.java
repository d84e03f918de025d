package dev.ferry.monitor.state;

/**
 * A file-state checkpoint does not follow src-docs/file-state-index.md; {@link #field()} names
 * where. The checkpoint is then ignored, never partly used.
 */
public final class CorruptStateException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String field;

  public CorruptStateException(String field, String message) {
    super("corrupt file-state checkpoint, field " + field + ": " + message);
    this.field = field;
  }

  /** The field, as named in the format spec. */
  public String field() {
    return field;
  }
}
