package dev.ferry.target;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/** A chunk's SHA-256, its name on every target. Immutable and thread-safe. */
public final class ChunkHash implements Comparable<ChunkHash> {
  /** Length of a SHA-256 digest in bytes. */
  public static final int LENGTH = 32;

  private static final HexFormat HEX = HexFormat.of();

  private final byte[] digest;

  private ChunkHash(byte[] digest) {
    this.digest = digest;
  }

  /** Computes the SHA-256 of {@code data[off, off+len)}. */
  public static ChunkHash of(byte[] data, int off, int len) {
    Objects.checkFromIndexSize(off, len, data.length);
    MessageDigest md = sha256();
    md.update(data, off, len);
    return new ChunkHash(md.digest());
  }

  /** Wraps a 32-byte digest (copied). */
  public static ChunkHash fromBytes(byte[] digest32) {
    if (digest32.length != LENGTH) {
      throw new IllegalArgumentException(
          "a chunk hash is " + LENGTH + " bytes, got " + digest32.length);
    }
    return new ChunkHash(digest32.clone());
  }

  /** Parses 64 hex digits (either case). */
  public static ChunkHash fromHex(String hex) {
    if (hex.length() != 2 * LENGTH) {
      throw new IllegalArgumentException("a chunk hash is 64 hex digits, got '" + hex + "'");
    }
    return new ChunkHash(HEX.parseHex(hex));
  }

  /** A fresh SHA-256 digest; the JDK always ships one, so absence is a broken JVM. */
  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }

  /** The 32 digest bytes (a copy). */
  public byte[] toBytes() {
    return digest.clone();
  }

  /** Lower-case hex, 64 digits. */
  public String toHex() {
    return HEX.formatHex(digest);
  }

  @Override
  public String toString() {
    return toHex();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChunkHash other && Arrays.equals(digest, other.digest);
  }

  @Override
  public int hashCode() {
    // SHA-256 output is uniformly distributed, so its first bytes are a perfect hash code.
    return (digest[0] & 0xff) << 24
        | (digest[1] & 0xff) << 16
        | (digest[2] & 0xff) << 8
        | (digest[3] & 0xff);
  }

  /**
   * The first 8 bytes as a number: a compact key where a rare collision only costs a little (prune
   * keeps a chunk it could have removed), never correctness.
   */
  public long prefix64() {
    return word(0);
  }

  /** Bytes {@code [8i, 8i + 8)} as a big-endian number, {@code i} in 0..3: a key without a copy. */
  public long word(int i) {
    long v = 0;
    for (int b = 8 * i; b < 8 * i + 8; b++) {
      v = v << 8 | (digest[b] & 0xff);
    }
    return v;
  }

  /** Unsigned byte order, the same as the hex order. */
  @Override
  public int compareTo(ChunkHash o) {
    return Arrays.compareUnsigned(digest, o.digest);
  }
}
