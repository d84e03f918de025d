package dev.ferry.target.container;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Big-endian writer into a growable in-memory buffer; the mirror of {@link FieldReader}. */
public final class FieldWriter {
  private final ByteArrayOutputStream out;

  public FieldWriter(int initialCapacity) {
    out = new ByteArrayOutputStream(initialCapacity);
  }

  public FieldWriter u8(int v) {
    out.write(v);
    return this;
  }

  public FieldWriter u16(int v) {
    if (v < 0 || v > 0xffff) {
      throw new IllegalArgumentException("does not fit u16: " + v);
    }
    out.write(v >>> 8);
    out.write(v);
    return this;
  }

  public FieldWriter s32(int v) {
    for (int shift = 24; shift >= 0; shift -= 8) {
      out.write(v >>> shift);
    }
    return this;
  }

  public FieldWriter s64(long v) {
    for (int shift = 56; shift >= 0; shift -= 8) {
      out.write((int) (v >>> shift));
    }
    return this;
  }

  public FieldWriter bytes(byte[] b) {
    out.write(b, 0, b.length);
    return this;
  }

  /** u16 length then UTF-8 bytes. */
  public FieldWriter utf8(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    u16(b.length);
    return bytes(b);
  }

  public int size() {
    return out.size();
  }

  public byte[] toByteArray() {
    return out.toByteArray();
  }
}
