package dev.ferry.target.crypto;

import dev.ferry.target.TargetCredential;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.AEADBadTagException;

/**
 * The master key as the {@code ferry-target} file (version 2) keeps it: sealed with AES-256-GCM
 * under a key-encryption key (KEK) derived from a passphrase (PBKDF2-HMAC-SHA256, with the recorded
 * iterations and salt) or a key file (HKDF-SHA256 with the salt). The seal's associated data is the
 * target id and these parameters, so none can be changed without the unwrap failing. The GCM tag is
 * the key check: a wrong passphrase or key file fails it. Immutable.
 */
public final class WrappedKey {
  public static final int SOURCE_PASSPHRASE = 1;
  public static final int SOURCE_KEY_FILE = 2;
  public static final int SALT_BYTES = 32;

  /** nonce(12) + sealed master key(32) + tag(16). */
  public static final int SEALED_BYTES = TargetKeys.MASTER_BYTES + Aead.OVERHEAD;

  /** source(1) + iterations(4) + salt(32) + sealed key(60), as the target file stores them. */
  public static final int ENCODED_BYTES = 1 + 4 + SALT_BYTES + SEALED_BYTES;

  private static final byte[] LABEL = "ferry-target master key v1".getBytes(StandardCharsets.UTF_8);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final int source;
  private final int iterations;
  private final byte[] salt;
  private final byte[] sealed;

  /** As read from a file; the caller has checked the ranges ({@link #checkParameters}). */
  public WrappedKey(int source, int iterations, byte[] salt, byte[] sealed) {
    if (salt.length != SALT_BYTES || sealed.length != SEALED_BYTES) {
      throw new IllegalArgumentException("salt or sealed key has the wrong length");
    }
    this.source = source;
    this.iterations = iterations;
    this.salt = salt.clone();
    this.sealed = sealed.clone();
  }

  /** Why the parameters read from a file cannot be used, or empty if they can. */
  public static Optional<String> checkParameters(int source, int iterations) {
    if (source == SOURCE_KEY_FILE) {
      return iterations == 0
          ? Optional.empty()
          : Optional.of("key file wrap with iterations " + iterations + ", must be 0");
    }
    if (source == SOURCE_PASSPHRASE) {
      return iterations >= PassphraseCredential.MIN_ITERATIONS
              && iterations <= PassphraseCredential.MAX_ITERATIONS
          ? Optional.empty()
          : Optional.of(
              "PBKDF2 iterations "
                  + Integer.toUnsignedString(iterations)
                  + " outside "
                  + PassphraseCredential.MIN_ITERATIONS
                  + " to "
                  + PassphraseCredential.MAX_ITERATIONS);
    }
    return Optional.of("unknown key source " + source);
  }

  /** Wraps {@code keys}' master key under a KEK from {@code credential}, with a fresh salt. */
  public static WrappedKey wrap(TargetKeys keys, TargetCredential credential, String targetId) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    int source = sourceOf(credential);
    int iterations =
        credential instanceof PassphraseCredential p ? p.iterations() : 0; // key file: no stretch
    byte[] kek = kek(credential, salt, iterations);
    byte[] master = keys.master();
    try {
      byte[] sealed =
          new Aead(kek).seal(aad(targetId, source, iterations, salt), master, 0, master.length);
      return new WrappedKey(source, iterations, salt, sealed);
    } finally {
      Arrays.fill(kek, (byte) 0);
      Arrays.fill(master, (byte) 0);
    }
  }

  /**
   * The target's keys, if {@code credential} is the one this was wrapped with.
   *
   * @return empty for a wrong passphrase or key file, or one of the other kind
   */
  public Optional<TargetKeys> unwrap(TargetCredential credential, String targetId) {
    if (sourceOf(credential) != source) {
      return Optional.empty();
    }
    byte[] kek = kek(credential, salt, iterations);
    try {
      byte[] master =
          new Aead(kek).open(aad(targetId, source, iterations, salt), sealed, 0, sealed.length);
      try {
        return Optional.of(TargetKeys.of(master));
      } finally {
        Arrays.fill(master, (byte) 0);
      }
    } catch (AEADBadTagException e) {
      return Optional.empty();
    } finally {
      Arrays.fill(kek, (byte) 0);
    }
  }

  /** "passphrase" or "key file": what unlocks this target, for messages. */
  public String sourceName() {
    return source == SOURCE_PASSPHRASE ? "passphrase" : "key file";
  }

  public int source() {
    return source;
  }

  public int iterations() {
    return iterations;
  }

  /** The fields as the target file stores them. */
  public byte[] encode() {
    return ByteBuffer.allocate(ENCODED_BYTES)
        .put((byte) source)
        .putInt(iterations)
        .put(salt)
        .put(sealed)
        .array();
  }

  private static int sourceOf(TargetCredential c) {
    return c instanceof PassphraseCredential ? SOURCE_PASSPHRASE : SOURCE_KEY_FILE;
  }

  private static byte[] kek(TargetCredential c, byte[] salt, int iterations) {
    if (c instanceof PassphraseCredential p) {
      return p.kek(salt, iterations);
    }
    if (c instanceof KeyFileCredential k) {
      return k.kek(salt);
    }
    throw new IllegalArgumentException("not a credential of TargetCredential's: " + c.getClass());
  }

  private static byte[] aad(String targetId, int source, int iterations, byte[] salt) {
    byte[] id = targetId.getBytes(StandardCharsets.US_ASCII);
    return ByteBuffer.allocate(LABEL.length + id.length + 1 + 4 + salt.length)
        .put(LABEL)
        .put(id)
        .put((byte) source)
        .putInt(iterations)
        .put(salt)
        .array();
  }
}
