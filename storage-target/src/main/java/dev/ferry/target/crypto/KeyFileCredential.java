package dev.ferry.target.crypto;

import dev.ferry.target.InvalidKeyFileException;
import dev.ferry.target.TargetCredential;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A key file: its bytes, whatever they are (at least 32, so at least 256 bits can be in it), go
 * through HKDF-SHA256 with the target's salt. {@code ferry key generate} writes 32 random bytes as
 * 64 hex digits and a newline. Immutable.
 */
public final class KeyFileCredential implements TargetCredential {
  public static final int MIN_BYTES = 32;
  public static final int MAX_BYTES = 64 << 10;

  /** HKDF info: names what the derived key is for, so it is never the same as another use's. */
  private static final String INFO = "ferry-target key file kek v1";

  private final String description;
  private final byte[] bytes;

  private KeyFileCredential(String description, byte[] bytes) {
    this.description = description;
    this.bytes = bytes.clone();
  }

  /** Reads {@code p} whole; a link is followed (key files often live on mounted media). */
  public static KeyFileCredential read(Path p) throws IOException {
    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
    if (!a.isRegularFile()) {
      throw new InvalidKeyFileException(p, "is not a regular file");
    }
    if (a.size() > MAX_BYTES) {
      throw new InvalidKeyFileException(p, "has " + a.size() + " bytes, more than " + MAX_BYTES);
    }
    byte[] b = Files.readAllBytes(p);
    return of(p, b);
  }

  /** A key file's content, read elsewhere; {@code p} names it in messages. */
  public static KeyFileCredential of(Path p, byte[] content) throws InvalidKeyFileException {
    if (content.length < MIN_BYTES) {
      throw new InvalidKeyFileException(
          p, "has " + content.length + " bytes, fewer than the " + MIN_BYTES + " a key needs");
    }
    if (content.length > MAX_BYTES) {
      throw new InvalidKeyFileException(
          p, "has " + content.length + " bytes, more than " + MAX_BYTES);
    }
    return new KeyFileCredential("key file " + p, content);
  }

  byte[] kek(byte[] salt) {
    return Kdf.hkdf(bytes, salt, INFO);
  }

  @Override
  public String description() {
    return description;
  }
}
