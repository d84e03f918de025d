package dev.ferry.target;

/** A target file that fails parsing or its checksum. Subclasses say which kind of file. */
public abstract class CorruptDataException extends java.io.IOException {
  private static final long serialVersionUID = 1L;

  protected CorruptDataException(String kind, String file, String detail) {
    super(kind + " " + file + " is corrupt: " + detail);
  }
}
