package dev.ferry.target.container;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import dev.ferry.target.CorruptContainerException;
import dev.ferry.target.crypto.TargetKeys;
import javax.crypto.AEADBadTagException;

/**
 * Turns a chunk's stored bytes into its plain bytes, enforcing the frame rules of target-format.md
 * ("Chunk flags") before zstd sees more than the frame header: one frame, content size declared and
 * equal to the row's plain length, output of exactly that length. What this allocates is bounded by
 * the row's plain length, which the header parser has capped at {@link
 * ContainerFormat#MAX_COMPRESSED_PLAIN}. It does not check the hash: the caller hashes the result.
 *
 * <p>In an encrypted target a chunk's stored bytes are first opened (AES-GCM, bound to the
 * container, offset and row); a chunk that does not open is corrupt like one whose frame breaks a
 * rule, and nothing of it reaches zstd.
 *
 * <p>Owns one native decompression context, made on the first compressed chunk and freed by {@link
 * #close}; plain chunks never load zstd. Not thread-safe: one decoder per reading thread.
 */
public final class ChunkDecoder implements AutoCloseable {
  /** RFC 8878 frame magic 0xFD2FB528, little-endian as it appears in the bytes. */
  private static final byte[] FRAME_MAGIC = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd};

  /** ZSTD_CONTENTSIZE_UNKNOWN: the frame header does not say how much it holds. */
  private static final long CONTENT_SIZE_UNKNOWN = -1;

  private final TargetKeys keys;
  private ZstdDecompressCtx ctx;

  /** A decoder for an unencrypted target. */
  public ChunkDecoder() {
    this(TargetKeys.NONE);
  }

  /** A decoder for a target with {@code keys}. */
  public ChunkDecoder(TargetKeys keys) {
    this.keys = keys;
  }

  /**
   * The plain bytes of {@code e}, given its stored bytes (read from the data section at the row's
   * place, so {@code stored.length == e.storedLength()}). Returns {@code stored} itself for a plain
   * row.
   *
   * @param name the container's path relative to the target, for messages
   * @throws CorruptContainerException naming the container and the chunk if a frame rule fails
   */
  public byte[] decode(ContainerEntry e, byte[] stored, String name)
      throws CorruptContainerException {
    return decode(null, e, stored, name);
  }

  /**
   * As {@link #decode(ContainerEntry, byte[], String)} for a row of container {@code containerId},
   * which a sealed chunk is bound to (null only for unencrypted containers).
   */
  public byte[] decode(String containerId, ContainerEntry e, byte[] stored, String name)
      throws CorruptContainerException {
    if (stored.length != e.storedLength()) {
      throw new IllegalArgumentException(
          "got " + stored.length + " stored bytes for a row of " + e.storedLength());
    }
    if ((e.flags() & ContainerFormat.FLAG_ENCRYPTED) != 0) {
      stored = open(containerId, e, stored, name);
    }
    if ((e.flags() & ContainerFormat.FLAG_ZSTD) == 0) {
      return stored;
    }
    checkFrame(e, stored, name);
    byte[] plain = new byte[e.plainLength()];
    int n;
    try {
      n = context().decompressByteArray(plain, 0, plain.length, stored, 0, stored.length);
    } catch (ZstdException x) {
      throw fail(e, name, "zstd frame does not decode: " + x.getMessage());
    }
    if (n != plain.length) {
      throw fail(e, name, "zstd frame produced " + n + " bytes, not " + plain.length);
    }
    return plain;
  }

  private byte[] open(String containerId, ContainerEntry e, byte[] stored, String name)
      throws CorruptContainerException {
    if (!keys.encrypted() || containerId == null) {
      throw fail(e, name, "is encrypted, and this reader has no key");
    }
    try {
      return keys.openChunk(containerId, e.offset(), e.hash(), e.plainLength(), e.flags(), stored);
    } catch (AEADBadTagException x) {
      throw fail(e, name, "does not decrypt (AES-GCM tag mismatch): damaged or moved");
    }
  }

  /** The checks that need only the frame header and the frame's extent. */
  private static void checkFrame(ContainerEntry e, byte[] stored, String name)
      throws CorruptContainerException {
    if (!startsWithMagic(stored)) {
      throw fail(e, name, "stored bytes are not a zstd frame (no frame magic)");
    }
    long declared = Zstd.getFrameContentSize(stored, 0, stored.length);
    if (declared == CONTENT_SIZE_UNKNOWN) {
      throw fail(e, name, "zstd frame does not declare its content size");
    }
    if (declared < 0) {
      throw fail(e, name, "zstd frame header is malformed");
    }
    if (declared != e.plainLength()) {
      throw fail(
          e,
          name,
          "zstd frame declares " + declared + " bytes, the row says " + e.plainLength() + " plain");
    }
    long frame;
    try {
      frame = Zstd.findFrameCompressedSize(stored, 0, stored.length);
    } catch (ZstdException x) {
      throw fail(e, name, "zstd frame is truncated or malformed: " + x.getMessage());
    }
    if (frame != stored.length) {
      throw fail(
          e, name, "zstd frame ends at byte " + frame + " of " + stored.length + " stored bytes");
    }
  }

  private static boolean startsWithMagic(byte[] stored) {
    if (stored.length < FRAME_MAGIC.length) {
      return false;
    }
    for (int i = 0; i < FRAME_MAGIC.length; i++) {
      if (stored[i] != FRAME_MAGIC[i]) {
        return false;
      }
    }
    return true;
  }

  private ZstdDecompressCtx context() {
    if (ctx == null) {
      ctx = new ZstdDecompressCtx();
    }
    return ctx;
  }

  private static CorruptContainerException fail(ContainerEntry e, String name, String detail) {
    return new CorruptContainerException(name, "chunk " + e.hash() + ": " + detail);
  }

  /** Frees the native context, if one was made. */
  @Override
  public void close() {
    if (ctx != null) {
      ctx.close();
      ctx = null;
    }
  }
}
