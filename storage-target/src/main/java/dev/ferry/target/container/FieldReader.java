package dev.ferry.target.container;

import dev.ferry.target.CorruptDataException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Strict big-endian reader over untrusted bytes. Every read checks the remaining length first and
 * every count is checked against the bytes left, so hostile input ends in a {@link
 * CorruptDataException} naming the file, never in an OOM, a negative size or an index error. Not
 * thread-safe.
 */
public final class FieldReader {
  /** Makes the exception for one kind of file; the message says what was wrong and where. */
  @FunctionalInterface
  public interface Failure {
    CorruptDataException at(String detail);
  }

  private final byte[] buf;
  private final int end;
  private final Failure failure;
  private int pos;

  public FieldReader(byte[] buf, int off, int len, Failure failure) {
    this.buf = buf;
    this.pos = off;
    this.end = off + len;
    this.failure = failure;
  }

  /** Current position in the underlying array. */
  public int position() {
    return pos;
  }

  public int remaining() {
    return end - pos;
  }

  /** Builds the exception for {@code detail} at the current position (to throw it). */
  public CorruptDataException fail(String detail) {
    return failure.at(detail + " (at byte " + pos + ")");
  }

  private void need(long n, String field) throws CorruptDataException {
    if (n < 0 || n > end - pos) {
      throw fail("truncated: " + field + " needs " + n + " bytes, " + (end - pos) + " left");
    }
  }

  public int u8(String field) throws CorruptDataException {
    need(1, field);
    return buf[pos++] & 0xff;
  }

  public int u16(String field) throws CorruptDataException {
    need(2, field);
    int v = (buf[pos] & 0xff) << 8 | (buf[pos + 1] & 0xff);
    pos += 2;
    return v;
  }

  /** An unsigned 32-bit value that must fit a non-negative int. */
  public int u31(String field) throws CorruptDataException {
    int v = s32(field);
    if (v < 0) {
      pos -= 4;
      throw fail(field + " out of range: " + Integer.toUnsignedString(v));
    }
    return v;
  }

  /** A raw 32-bit value (CRCs, modes). */
  public int s32(String field) throws CorruptDataException {
    need(4, field);
    int v = ByteBuffer.wrap(buf, pos, 4).getInt();
    pos += 4;
    return v;
  }

  public long s64(String field) throws CorruptDataException {
    need(8, field);
    long v = ByteBuffer.wrap(buf, pos, 8).getLong();
    pos += 8;
    return v;
  }

  /** A signed 64-bit value that must be >= 0. */
  public long u63(String field) throws CorruptDataException {
    long v = s64(field);
    if (v < 0) {
      pos -= 8;
      throw fail(field + " is negative: " + v);
    }
    return v;
  }

  public byte[] bytes(int n, String field) throws CorruptDataException {
    need(n, field);
    byte[] out = Arrays.copyOfRange(buf, pos, pos + n);
    pos += n;
    return out;
  }

  /** Checks that the next bytes are exactly {@code expected} (a magic). */
  public void expect(byte[] expected, String field) throws CorruptDataException {
    need(expected.length, field);
    if (!Arrays.equals(buf, pos, pos + expected.length, expected, 0, expected.length)) {
      throw fail("bad " + field);
    }
    pos += expected.length;
  }

  /** A u16 length then that many bytes of strictly valid UTF-8. */
  public String utf8(String field) throws CorruptDataException {
    int len = u16(field + " length");
    need(len, field);
    try {
      String s =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(buf, pos, len))
              .toString();
      pos += len;
      return s;
    } catch (CharacterCodingException e) {
      throw fail(field + " is not valid UTF-8");
    }
  }

  /** A u32 element count, checked so that {@code count * minElementBytes} bytes remain. */
  public int count(int minElementBytes, String field) throws CorruptDataException {
    int n = u31(field);
    if ((long) n * minElementBytes > end - pos) {
      pos -= 4;
      throw fail(field + " " + n + " cannot fit in the " + (end - pos - 4) + " bytes left");
    }
    return n;
  }

  /** Fails unless every byte has been consumed: trailing garbage is corruption too. */
  public void expectEnd(String what) throws CorruptDataException {
    if (pos != end) {
      throw fail((end - pos) + " unexpected bytes after " + what);
    }
  }
}
