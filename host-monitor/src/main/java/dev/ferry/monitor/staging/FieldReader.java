package dev.ferry.monitor.staging;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Big-endian fields out of a byte array, never past its end: every failure is a {@link
 * CorruptStagingFileException} naming the field. Not thread-safe.
 */
final class FieldReader {
  private final String file;
  private final byte[] b;
  private final int end;
  private int pos;

  FieldReader(String file, byte[] b, int off, int len) {
    this.file = file;
    this.b = b;
    this.pos = off;
    this.end = off + len;
  }

  CorruptStagingFileException corrupt(String field, String message) {
    return new CorruptStagingFileException(file, field, message);
  }

  int remaining() {
    return end - pos;
  }

  private void need(String field, int n) throws CorruptStagingFileException {
    if (remaining() < n) {
      throw corrupt(field, "needs " + n + " bytes, " + remaining() + " left");
    }
  }

  int u8(String field) throws CorruptStagingFileException {
    need(field, 1);
    return b[pos++] & 0xff;
  }

  int u16(String field) throws CorruptStagingFileException {
    need(field, 2);
    int v = ((b[pos] & 0xff) << 8) | (b[pos + 1] & 0xff);
    pos += 2;
    return v;
  }

  int u31(String field) throws CorruptStagingFileException {
    need(field, 4);
    int v = ByteBuffer.wrap(b, pos, 4).getInt();
    pos += 4;
    if (v < 0) {
      throw corrupt(field, "top bit set: " + Integer.toUnsignedString(v));
    }
    return v;
  }

  long i64(String field) throws CorruptStagingFileException {
    need(field, 8);
    long v = ByteBuffer.wrap(b, pos, 8).getLong();
    pos += 8;
    return v;
  }

  long u63(String field) throws CorruptStagingFileException {
    long v = i64(field);
    if (v < 0) {
      throw corrupt(field, "top bit set: " + Long.toUnsignedString(v));
    }
    return v;
  }

  byte[] bytes(String field, int n) throws CorruptStagingFileException {
    need(field, n);
    byte[] out = new byte[n];
    System.arraycopy(b, pos, out, 0, n);
    pos += n;
    return out;
  }

  /** A {@code str16} of strictly valid UTF-8 of at most {@code maxBytes} bytes. */
  String str16(String field, int maxBytes) throws CorruptStagingFileException {
    int n = u16(field);
    if (n > maxBytes) {
      throw corrupt(field, n + " bytes, at most " + maxBytes + " allowed");
    }
    need(field, n);
    try {
      String s =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(b, pos, n))
              .toString();
      pos += n;
      return s;
    } catch (CharacterCodingException e) {
      throw corrupt(field, "not valid UTF-8");
    }
  }

  void expectEnd(String field) throws CorruptStagingFileException {
    if (remaining() != 0) {
      throw corrupt(field, remaining() + " stray bytes after the last field");
    }
  }
}
