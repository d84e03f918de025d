package dev.ferry.target;

/** A target file written in a format version (or with chunk flags) this reader does not know. */
public class UnsupportedFormatException extends java.io.IOException {
  private static final long serialVersionUID = 1L;

  public UnsupportedFormatException(String file, String detail) {
    super(file + ": " + detail);
  }
}
