package dev.ferry.target;

/** The target is encrypted and was opened without a key file or passphrase. */
public class KeyRequiredException extends java.io.IOException {
  private static final long serialVersionUID = 1L;

  public KeyRequiredException(java.nio.file.Path dir, String keySource) {
    super(
        "target "
            + dir
            + " is encrypted (its key is wrapped under a "
            + keySource
            + "): give --key-file or --passphrase-file");
  }
}
