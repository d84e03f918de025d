package dev.ferry.target.container;

import java.util.zip.CRC32C;

/** CRC32C helpers: the checksum of every Ferry target file. */
public final class Checksums {
  private Checksums() {}

  /** CRC32C of {@code buf[off, off+len)} as the 32-bit value stored on disk. */
  public static int crc32c(byte[] buf, int off, int len) {
    CRC32C crc = new CRC32C();
    crc.update(buf, off, len);
    return (int) crc.getValue();
  }

  /** Appends the CRC32C of everything written so far: the trailer of index and snapshot files. */
  public static byte[] withCrcTrailer(FieldWriter w) {
    byte[] body = w.toByteArray();
    return w.s32(crc32c(body, 0, body.length)).toByteArray();
  }
}
