package dev.ferry.target;

/** An index file that fails parsing or its checksum. */
public class CorruptIndexException extends CorruptDataException {
  private static final long serialVersionUID = 1L;

  public CorruptIndexException(String file, String detail) {
    super("index", file, detail);
  }
}
