package dev.ferry.monitor.journal;

/** A change record's bytes do not follow format version 1; {@link #field()} names where. */
public final class CorruptRecordException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String field;

  public CorruptRecordException(String field, String message) {
    super("corrupt change record, field " + field + ": " + message);
    this.field = field;
  }

  /** The field (as named in src-docs/change-record.md) that failed validation. */
  public String field() {
    return field;
  }
}
