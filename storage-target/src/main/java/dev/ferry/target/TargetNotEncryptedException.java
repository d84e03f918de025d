package dev.ferry.target;

/**
 * A key file or passphrase was given for a target that is not encrypted. Refused rather than
 * ignored, so nobody believes an unencrypted target protects their data; an existing target cannot
 * be encrypted in place (its files would all have to be rewritten): start a new one with a key.
 */
public class TargetNotEncryptedException extends java.io.IOException {
  private static final long serialVersionUID = 1L;

  public TargetNotEncryptedException(java.nio.file.Path dir) {
    super(
        "target "
            + dir
            + " is not encrypted, but a key file or passphrase was given: leave it out, or back"
            + " up to a new, empty directory to create an encrypted target");
  }
}
