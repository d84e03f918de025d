package dev.ferry.target;

import dev.ferry.target.container.ChunkCompressor;
import java.util.Arrays;

/**
 * Compresses chunks for a writer ({@link SnapshotWriter#newChunkEncoder}) on a thread of the
 * caller's choosing, so a drain can compress the next chunks on one core while it reads, hashes and
 * stores on the other. It applies the writer's compression and the incompressible rule, as the
 * writer would itself. Owns a native context until {@link #close}. Not thread-safe: one encoder a
 * thread.
 */
public final class ChunkEncoder implements AutoCloseable {
  private final ChunkCompressor compressor;

  /** An encoder for {@code compression}; {@link Compression#NONE} leaves every chunk plain. */
  public ChunkEncoder(Compression compression) {
    this.compressor = new ChunkCompressor(compression);
  }

  /** {@code buf[off, off+len)}, by reference, and its frame if compressing it pays. */
  public EncodedChunk encode(byte[] buf, int off, int len) {
    ChunkCompressor.Encoded e = compressor.encode(buf, off, len);
    byte[] frame =
        e.flags() == 0 ? null : Arrays.copyOfRange(e.buf(), e.off(), e.off() + e.length());
    return new EncodedChunk(buf, off, len, frame);
  }

  @Override
  public void close() {
    compressor.close();
  }
}
