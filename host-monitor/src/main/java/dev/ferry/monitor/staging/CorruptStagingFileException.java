package dev.ferry.monitor.staging;

import java.io.IOException;

/**
 * A staging file (pack or state file) broke a rule of src-docs/staging-format.md. Thrown by the
 * parsers; the store reports such packs as damaged instead of reading them.
 */
public final class CorruptStagingFileException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final String field;

  public CorruptStagingFileException(String file, String field, String message) {
    super(file + ": corrupt staging file, field " + field + ": " + message);
    this.file = file;
    this.field = field;
  }

  /** The file name (or a test's label) that failed to decode. */
  public String file() {
    return file;
  }

  /** The field, as named in src-docs/staging-format.md, that broke a rule. */
  public String field() {
    return field;
  }
}
