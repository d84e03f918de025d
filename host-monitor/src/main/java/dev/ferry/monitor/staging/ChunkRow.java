package dev.ferry.monitor.staging;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/** One row of a pack's chunk table. Immutable. */
final class ChunkRow {
  static final int BYTES = 45;
  static final int FLAG_PRESENT = 1;

  private final byte[] sha256;
  private final long xxh3;
  private final int length;
  private final boolean present;

  ChunkRow(byte[] sha256, long xxh3, int length, boolean present) {
    if (sha256.length != 32 || length <= 0) {
      throw new IllegalArgumentException("bad chunk row");
    }
    this.sha256 = sha256.clone();
    this.xxh3 = xxh3;
    this.length = length;
    this.present = present;
  }

  long xxh3() {
    return xxh3;
  }

  int length() {
    return length;
  }

  boolean present() {
    return present;
  }

  ChunkRow withPresent(boolean p) {
    return p == present ? this : new ChunkRow(sha256, xxh3, length, p);
  }

  /** Whether {@code digest} (32 bytes) is this row's SHA-256, in constant time. */
  boolean matches(byte[] digest) {
    return MessageDigest.isEqual(sha256, digest);
  }

  void writeSha(byte[] dst, int off) {
    System.arraycopy(sha256, 0, dst, off, 32);
  }

  String shaHex() {
    return HexFormat.of().formatHex(sha256);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChunkRow r
        && Arrays.equals(sha256, r.sha256)
        && xxh3 == r.xxh3
        && length == r.length
        && present == r.present;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(sha256) * 31 + Long.hashCode(xxh3);
  }
}
