package dev.ferry.target;

/**
 * The key file or passphrase given does not unlock an encrypted target: its {@code ferry-target}
 * file is intact (its CRC32C checks out) but the master key it holds does not decrypt under the key
 * derived from what was given. Thrown before anything else of the target is read.
 */
public class WrongKeyException extends java.io.IOException {
  private static final long serialVersionUID = 1L;

  /**
   * @param credential what was given ("passphrase", "key file PATH")
   * @param lockedBy what the target's key is wrapped under ("passphrase" or "key file")
   */
  public WrongKeyException(java.nio.file.Path dir, String credential, String lockedBy) {
    super(
        "wrong "
            + credential
            + " for encrypted target "
            + dir
            + ": it does not unlock the target's key (locked by a "
            + lockedBy
            + ")");
  }
}
