package dev.ferry.target.container;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import dev.ferry.target.Compression;

/**
 * Encodes chunks for a writer: one zstd frame when that makes the chunk at least 1/32 smaller, else
 * the plain bytes (the incompressible rule of target-format.md; why 1/32: {@code
 * decisions/0008-chunk-compression.md}). Frames declare their content size and carry neither
 * checksum nor dictionary id, as readers require.
 *
 * <p>Owns one native compression context for all the writer's chunks (made on the first chunk,
 * freed by {@link #close}) and one output buffer that grows to the bound of the largest chunk
 * compressed. Not thread-safe.
 */
public final class ChunkCompressor implements AutoCloseable {
  /** A chunk as it goes into the data section; the bytes stay valid until the next encode. */
  public record Encoded(byte[] buf, int off, int length, int flags) {}

  /** A frame is kept only if it saves at least plain/2^5 bytes (rounded up). */
  static final int MIN_SAVING_SHIFT = 5;

  private final Compression compression;
  private ZstdCompressCtx ctx;
  private byte[] out = new byte[0];

  public ChunkCompressor(Compression compression) {
    this.compression = compression;
  }

  /** Encodes {@code buf[off, off+len)}; returns the input itself when stored plain. */
  public Encoded encode(byte[] buf, int off, int len) {
    Encoded plain = new Encoded(buf, off, len, 0);
    if (!compression.enabled() || len == 0 || len > ContainerFormat.MAX_COMPRESSED_PLAIN) {
      return plain;
    }
    int bound = (int) Zstd.compressBound(len);
    if (out.length < bound) {
      out = new byte[bound];
    }
    int n = context().compressByteArray(out, 0, bound, buf, off, len);
    return worthStoring(n, len) ? new Encoded(out, 0, n, ContainerFormat.FLAG_ZSTD) : plain;
  }

  /** The incompressible rule: stored ≤ plain − ⌈plain/32⌉. */
  static boolean worthStoring(int compressed, int plain) {
    int saving = (plain + (1 << MIN_SAVING_SHIFT) - 1) >>> MIN_SAVING_SHIFT;
    return compressed <= plain - saving;
  }

  private ZstdCompressCtx context() {
    if (ctx == null) {
      ctx = new ZstdCompressCtx();
      ctx.setLevel(compression.level());
      ctx.setContentSize(true);
      ctx.setChecksum(false);
      ctx.setDictID(false);
    }
    return ctx;
  }

  /** Frees the native context and the output buffer. */
  @Override
  public void close() {
    if (ctx != null) {
      ctx.close();
      ctx = null;
    }
    out = new byte[0];
  }
}
