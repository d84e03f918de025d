package dev.ferry.target.crypto;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with a fresh random 96-bit nonce per sealed object, laid out as {@code nonce(12) ‖
 * ciphertext ‖ tag(16)}. The associated data (AAD) names what the object is, so a sealed blob moved
 * to another place fails to open. Thread-safe: each thread gets its own {@link Cipher}.
 *
 * <p>Not guaranteed: random nonces stay safe for about 2³² objects under one key (NIST SP 800-38D
 * §8.3); a target holds one object per chunk, container header, index file and root, so that is
 * about 256 TiB of 64 KiB chunks.
 */
final class Aead {
  static final int NONCE = 12;
  static final int TAG = 16;

  /** Bytes a sealed object has beyond its plaintext. */
  static final int OVERHEAD = NONCE + TAG;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKey key;
  private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(Aead::newCipher);

  Aead(byte[] key256) {
    if (key256.length != 32) {
      throw new IllegalArgumentException("AES-256 needs a 32-byte key, got " + key256.length);
    }
    this.key = new SecretKeySpec(key256, "AES");
  }

  /**
   * Seals {@code in[off, off+len)} into {@code out} at {@code outOff}, which must have room for
   * {@code len + OVERHEAD} bytes and must not overlap the input.
   *
   * @return the bytes written, {@code len + OVERHEAD}
   */
  int seal(byte[] aad, byte[] in, int off, int len, byte[] out, int outOff) {
    byte[] nonce = new byte[NONCE];
    RANDOM.nextBytes(nonce);
    Cipher c = ciphers.get();
    try {
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG * 8, nonce));
      c.updateAAD(aad);
      System.arraycopy(nonce, 0, out, outOff, NONCE);
      int n = c.doFinal(in, off, len, out, outOff + NONCE);
      return NONCE + n;
    } catch (GeneralSecurityException e) {
      // Only a broken JDK gets here: AES-GCM is mandatory and the key size is checked above.
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
  }

  byte[] seal(byte[] aad, byte[] in, int off, int len) {
    byte[] out = new byte[len + OVERHEAD];
    seal(aad, in, off, len, out, 0);
    return out;
  }

  /**
   * The plaintext of the sealed object {@code in[off, off+len)}.
   *
   * @throws AEADBadTagException if it is too short, altered, sealed under another key or with other
   *     associated data: these cannot be told apart, by design
   */
  byte[] open(byte[] aad, byte[] in, int off, int len) throws AEADBadTagException {
    if (len < OVERHEAD) {
      throw new AEADBadTagException(len + " bytes, shorter than nonce and tag");
    }
    Cipher c = ciphers.get();
    try {
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG * 8, in, off, NONCE));
      c.updateAAD(aad);
      return c.doFinal(in, off + NONCE, len - NONCE);
    } catch (AEADBadTagException e) {
      throw e;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM decryption failed", e);
    }
  }

  private static Cipher newCipher() {
    try {
      return Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no AES/GCM/NoPadding", e);
    }
  }
}
