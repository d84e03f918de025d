package dev.ferry.target;

/**
 * A chunk made ready for a writer by a {@link ChunkEncoder}, on whatever thread ran the encoder:
 * the plain bytes, and the zstd frame to store in their place if compressing paid. Only an encoder
 * makes one, so a writer may store {@link #compressed} as the chunk without decoding it again.
 *
 * <p>Holds {@code plain} by reference: its owner must not change those bytes until the chunk is
 * put.
 */
public final class EncodedChunk {
  private final byte[] plain;
  private final int off;
  private final int len;
  private final byte[] compressed;

  EncodedChunk(byte[] plain, int off, int len, byte[] compressed) {
    this.plain = plain;
    this.off = off;
    this.len = len;
    this.compressed = compressed;
  }

  public byte[] plain() {
    return plain;
  }

  public int offset() {
    return off;
  }

  public int length() {
    return len;
  }

  /** The zstd frame to store (declaring content size {@link #length}), or null to store plain. */
  public byte[] compressed() {
    return compressed;
  }
}
