package dev.ferry.monitor.staging;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.CRC32C;

/** Codec and durable writes of the state file (src-docs/staging-format.md, "State file"). */
final class StateFile {
  static final String NAME = "ferry-staging";
  static final byte[] MAGIC = "FERRYSST".getBytes(StandardCharsets.US_ASCII);
  static final int VERSION = 1;
  static final int MAX_WARNING = 2048;
  private static final int FIXED = 44;

  private StateFile() {}

  static byte[] encode(StoreState s) {
    byte[] w = PathKey.utf8(truncate(s.lastWarning()));
    ByteBuffer b = ByteBuffer.allocate(FIXED + 2 + w.length + 4);
    b.put(MAGIC).putInt(VERSION).putLong(s.idHighWater()).putLong(s.versionsEvicted());
    b.putLong(s.basesEvicted()).putLong(s.lastWarningAtMillis());
    b.putShort((short) w.length).put(w);
    CRC32C c = new CRC32C();
    c.update(b.array(), 0, b.position());
    b.putInt((int) c.getValue());
    return b.array();
  }

  /** Shortens {@code w} to at most {@link #MAX_WARNING} UTF-8 bytes on a character boundary. */
  static String truncate(String w) {
    String s = w;
    while (PathKey.utf8Length(s) > MAX_WARNING || PathKey.utf8Length(s) < 0) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }

  static StoreState decode(String file, byte[] b) throws CorruptStagingFileException {
    FieldReader r = new FieldReader(file, b, 0, b.length);
    if (b.length < FIXED + 6) {
      throw r.corrupt("size", b.length + " bytes, a state file has at least " + (FIXED + 6));
    }
    if (!Arrays.equals(r.bytes("magic", 8), MAGIC)) {
      throw r.corrupt("magic", "not FERRYSST");
    }
    int v = r.u31("version");
    if (v != VERSION) {
      throw r.corrupt("version", "format version " + v + " is not supported (1 is)");
    }
    CRC32C c = new CRC32C();
    c.update(b, 0, b.length - 4);
    if ((int) c.getValue() != ByteBuffer.wrap(b).getInt(b.length - 4)) {
      throw r.corrupt("crc", "CRC32C mismatch");
    }
    long high = r.u63("idHighWater");
    long versions = r.u63("versionsEvicted");
    long bases = r.u63("basesEvicted");
    long at = r.i64("lastWarningAt");
    String w = r.str16("lastWarning", MAX_WARNING);
    r.bytes("crc", 4);
    r.expectEnd("crc");
    return new StoreState(high, versions, bases, at, w);
  }

  /** The decoded state file of {@code dir}, empty if there is none. */
  static Optional<StoreState> read(Path dir) throws IOException {
    Path f = dir.resolve(NAME);
    if (!Files.exists(f, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) || Files.size(f) > 1 << 16) {
      throw new CorruptStagingFileException(NAME, "size", "not a small regular file");
    }
    return Optional.of(decode(NAME, Files.readAllBytes(f)));
  }

  static void write(Path dir, StoreState s) throws IOException {
    Durable.write(dir.resolve(NAME), encode(s));
  }
}
