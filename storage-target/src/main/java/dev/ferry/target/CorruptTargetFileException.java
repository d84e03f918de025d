package dev.ferry.target;

/** The {@code ferry-target} file fails parsing or its checksum. */
public class CorruptTargetFileException extends CorruptDataException {
  private static final long serialVersionUID = 1L;

  public CorruptTargetFileException(String file, String detail) {
    super("target file", file, detail);
  }
}
