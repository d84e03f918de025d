package dev.ferry.target;

import dev.ferry.target.crypto.KeyFileCredential;
import dev.ferry.target.crypto.PassphraseCredential;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What unlocks an encrypted target: the bytes of a key file or a passphrase. Either derives the
 * key-encryption key that wraps the target's random master key ({@code
 * src-docs/key-management.md}). Immutable; holds the secret in memory for as long as it is
 * referenced.
 */
public interface TargetCredential {
  /** Iterations of PBKDF2-HMAC-SHA256 a new passphrase wrap uses (OWASP 2023 guidance). */
  int DEFAULT_ITERATIONS = 600_000;

  /**
   * The key file at {@code p}, read whole and used byte for byte.
   *
   * @throws InvalidKeyFileException if it is shorter than 32 or longer than 64 KiB bytes
   */
  static TargetCredential keyFile(Path p) throws IOException {
    return KeyFileCredential.read(p);
  }

  /**
   * A passphrase, stretched with {@link #DEFAULT_ITERATIONS} when it wraps a key (creating a target
   * or changing its key); to unlock, the count recorded in the target is used.
   */
  static TargetCredential passphrase(char[] passphrase) {
    return new PassphraseCredential(passphrase, DEFAULT_ITERATIONS);
  }

  /**
   * As {@link #passphrase(char[])}, with another iteration count for new wraps (tests, slow CPUs).
   */
  static TargetCredential passphrase(char[] passphrase, int iterations) {
    return new PassphraseCredential(passphrase, iterations);
  }

  /** "key file PATH" or "passphrase", for messages; never the secret. */
  String description();
}
