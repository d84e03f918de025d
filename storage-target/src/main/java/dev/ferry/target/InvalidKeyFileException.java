package dev.ferry.target;

/** A key file that cannot be one: too short to hold 256 bits, too long, or not a regular file. */
public class InvalidKeyFileException extends java.io.IOException {
  private static final long serialVersionUID = 1L;

  public InvalidKeyFileException(java.nio.file.Path file, String detail) {
    super("key file " + file + " " + detail);
  }
}
