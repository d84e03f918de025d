package dev.ferry.target.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/** The key derivations of the target format, all from the JDK. Stateless and thread-safe. */
final class Kdf {
  static final int KEY_BYTES = 32;

  private Kdf() {}

  /** PBKDF2-HMAC-SHA256 over the passphrase's UTF-8 bytes (the JDK encodes the chars as UTF-8). */
  static byte[] pbkdf2(char[] passphrase, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(passphrase, salt, iterations, KEY_BYTES * 8);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no PBKDF2WithHmacSHA256", e);
    } finally {
      spec.clearPassword();
    }
  }

  /** HKDF-SHA256 (RFC 5869), extract then expand to {@link #KEY_BYTES} bytes. */
  static byte[] hkdf(byte[] ikm, byte[] salt, String info) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      // RFC 5869 2.2: an absent salt is HashLen zeros.
      mac.init(new SecretKeySpec(salt.length == 0 ? new byte[32] : salt, "HmacSHA256"));
      byte[] prk = mac.doFinal(ikm);
      mac.init(new SecretKeySpec(prk, "HmacSHA256"));
      mac.update(info.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 1);
      byte[] okm = mac.doFinal(); // 32 bytes: one block is all a 256-bit key needs
      Arrays.fill(prk, (byte) 0);
      return okm;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no HmacSHA256", e);
    }
  }
}
