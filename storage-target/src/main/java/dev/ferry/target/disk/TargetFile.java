package dev.ferry.target.disk;

import dev.ferry.target.CorruptTargetFileException;
import dev.ferry.target.UnsupportedFormatException;
import dev.ferry.target.container.Checksums;
import dev.ferry.target.container.FieldReader;
import dev.ferry.target.container.FieldWriter;
import dev.ferry.target.crypto.WrappedKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The {@code ferry-target} file: magic, format version, a random target id, CRC32C; in version 2
 * (an encrypted target) also the wrapped master key. Its presence is what makes a directory a Ferry
 * target. Version 1 is what an unencrypted target still writes.
 *
 * @param key the wrapped master key: present exactly in version 2
 */
public record TargetFile(int version, String targetId, Optional<WrappedKey> key) {
  public static final byte[] MAGIC = "FERRYTGT".getBytes(StandardCharsets.US_ASCII);

  /** An unencrypted target. */
  public static final int VERSION = 1;

  /** An encrypted target. */
  public static final int ENCRYPTED_VERSION = 2;

  /** A version 1 file's length: magic(8), version(4), id(32), CRC32C(4). */
  public static final int LENGTH = 48;

  /** A version 2 file's length: version 1's fields and the wrapped key before the CRC32C. */
  public static final int ENCRYPTED_LENGTH = LENGTH + WrappedKey.ENCODED_BYTES;

  private static final SecureRandom RANDOM = new SecureRandom();

  public TargetFile {
    if (key.isPresent() != (version == ENCRYPTED_VERSION)) {
      throw new IllegalArgumentException("version " + version + " with key " + key.isPresent());
    }
  }

  public TargetFile(int version, String targetId) {
    this(version, targetId, Optional.empty());
  }

  /** A new unencrypted target with a random 128-bit id. */
  public static TargetFile create() {
    return new TargetFile(VERSION, randomId());
  }

  /** This target's file with {@code key} (a new wrap of the same master key, or the first). */
  public TargetFile withKey(WrappedKey key) {
    return new TargetFile(ENCRYPTED_VERSION, targetId, Optional.of(key));
  }

  public boolean encrypted() {
    return key.isPresent();
  }

  /** 32 lower-case hex digits from a CSPRNG: ids for targets and containers. */
  public static String randomId() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /**
   * The bytes of the {@code ferry-target} file at {@code p}, refused unread if it is a link, not a
   * regular file, or longer than {@link #ENCRYPTED_LENGTH}.
   *
   * @throws CorruptTargetFileException naming the file
   */
  public static byte[] read(Path p) throws IOException {
    String name = p.getFileName().toString();
    return WholeFiles.read(
        p, ENCRYPTED_LENGTH, detail -> new CorruptTargetFileException(name, detail));
  }

  public byte[] encode() {
    FieldWriter w = new FieldWriter(ENCRYPTED_LENGTH);
    w.bytes(MAGIC).s32(version).bytes(targetId.getBytes(StandardCharsets.US_ASCII));
    key.ifPresent(k -> w.bytes(k.encode()));
    return Checksums.withCrcTrailer(w);
  }

  public static TargetFile decode(byte[] b, String name) throws IOException {
    FieldReader r =
        new FieldReader(b, 0, b.length, detail -> new CorruptTargetFileException(name, detail));
    r.expect(MAGIC, "magic");
    int version = r.s32("version");
    if (version != VERSION && version != ENCRYPTED_VERSION) {
      throw new UnsupportedFormatException(name, "target format version " + version);
    }
    String id = new String(r.bytes(32, "target id"), StandardCharsets.US_ASCII);
    Optional<WrappedKey> key = Optional.empty();
    if (version == ENCRYPTED_VERSION) {
      int source = r.u8("key source");
      int iterations = r.s32("PBKDF2 iterations");
      byte[] salt = r.bytes(WrappedKey.SALT_BYTES, "salt");
      byte[] sealed = r.bytes(WrappedKey.SEALED_BYTES, "wrapped master key");
      Optional<String> bad = WrappedKey.checkParameters(source, iterations);
      if (bad.isPresent()) {
        throw r.fail(bad.get());
      }
      key = Optional.of(new WrappedKey(source, iterations, salt, sealed));
    }
    int crc = r.s32("CRC32C");
    r.expectEnd("CRC32C");
    if (crc != Checksums.crc32c(b, 0, b.length - 4)) {
      throw new CorruptTargetFileException(name, "CRC32C mismatch");
    }
    return new TargetFile(version, id, key);
  }
}
