package dev.ferry.target.disk;

import dev.ferry.target.CorruptTargetFileException;
import dev.ferry.target.UnsupportedFormatException;
import dev.ferry.target.container.Checksums;
import dev.ferry.target.container.FieldReader;
import dev.ferry.target.container.FieldWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The {@code ferry-target} file: magic, format version, a random target id, CRC32C. Its presence is
 * what makes a directory a Ferry target.
 */
public record TargetFile(int version, String targetId) {
  public static final byte[] MAGIC = "FERRYTGT".getBytes(StandardCharsets.US_ASCII);
  public static final int VERSION = 1;

  /** A new target with a random 128-bit id. */
  public static TargetFile create() {
    return new TargetFile(VERSION, randomId());
  }

  /** 32 lower-case hex digits from a CSPRNG: ids for targets and containers. */
  public static String randomId() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static final SecureRandom RANDOM = new SecureRandom();

  /** The file's length: magic(8), version(4), id(32), CRC32C(4). */
  public static final int LENGTH = 48;

  /**
   * The bytes of the {@code ferry-target} file at {@code p}, refused unread if it is a link, not a
   * regular file, or longer than {@link #LENGTH}.
   *
   * @throws CorruptTargetFileException naming the file
   */
  public static byte[] read(Path p) throws IOException {
    String name = p.getFileName().toString();
    return WholeFiles.read(p, LENGTH, detail -> new CorruptTargetFileException(name, detail));
  }

  public byte[] encode() {
    FieldWriter w = new FieldWriter(36);
    w.bytes(MAGIC).s32(version).bytes(targetId.getBytes(StandardCharsets.US_ASCII));
    return Checksums.withCrcTrailer(w);
  }

  public static TargetFile decode(byte[] b, String name) throws IOException {
    FieldReader r =
        new FieldReader(b, 0, b.length, detail -> new CorruptTargetFileException(name, detail));
    r.expect(MAGIC, "magic");
    int version = r.s32("version");
    if (version != VERSION) {
      throw new UnsupportedFormatException(name, "target format version " + version);
    }
    String id = new String(r.bytes(32, "target id"), StandardCharsets.US_ASCII);
    int crc = r.s32("CRC32C");
    r.expectEnd("CRC32C");
    if (crc != Checksums.crc32c(b, 0, b.length - 4)) {
      throw new CorruptTargetFileException(name, "CRC32C mismatch");
    }
    return new TargetFile(version, id);
  }
}
