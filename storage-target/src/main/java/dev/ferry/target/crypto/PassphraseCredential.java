package dev.ferry.target.crypto;

import dev.ferry.target.TargetCredential;

/**
 * A passphrase, stretched by PBKDF2-HMAC-SHA256 with the target's salt and iteration count.
 * Immutable (holds its own copy of the characters).
 */
public final class PassphraseCredential implements TargetCredential {
  /** Fewer iterations are refused for new wraps: even a test passphrase is stretched. */
  public static final int MIN_ITERATIONS = 1_000;

  /** More are refused when reading: a planted marker must not make open spin for hours. */
  public static final int MAX_ITERATIONS = 10_000_000;

  private final char[] passphrase;
  private final int iterations;

  public PassphraseCredential(char[] passphrase, int iterations) {
    if (passphrase.length == 0) {
      throw new IllegalArgumentException("the passphrase is empty");
    }
    if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
      throw new IllegalArgumentException(
          "PBKDF2 iterations must be " + MIN_ITERATIONS + " to " + MAX_ITERATIONS);
    }
    this.passphrase = passphrase.clone();
    this.iterations = iterations;
  }

  /** The iteration count a new wrap records. */
  int iterations() {
    return iterations;
  }

  byte[] kek(byte[] salt, int iterations) {
    return Kdf.pbkdf2(passphrase, salt, iterations);
  }

  @Override
  public String description() {
    return "passphrase";
  }
}
