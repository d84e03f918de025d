package dev.ferry.target;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.ZstdCompressCtx;
import dev.ferry.target.container.ChunkDecoder;
import dev.ferry.target.container.ContainerBuilder;
import dev.ferry.target.container.ContainerEntry;
import dev.ferry.target.container.ContainerFormat;
import dev.ferry.target.container.ContainerHeader;
import dev.ferry.target.container.ContainerReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Test helpers for compressed chunks: zstd frames made by zstd-jni or by hand (RFC 8878), and
 * containers whose single row says whatever a test wants, resealed so only the chunk rules can
 * catch it.
 */
final class ZstdFrames {
  static final String ID = "0123456789abcdef0123456789abcdef";
  static final String PATH = "a";

  /** Where the single row starts: preamble, id, path count, the path "a", chunk count. */
  private static final int ROW = ContainerFormat.PREAMBLE + 32 + 4 + 2 + PATH.length() + 4;

  private ZstdFrames() {}

  /** Bytes that compress well: a short pattern repeated. */
  static byte[] text(int len) {
    byte[] p = "the quick brown fox jumps over the lazy dog; ".getBytes(StandardCharsets.UTF_8);
    byte[] b = new byte[len];
    for (int i = 0; i < len; i++) {
      b[i] = p[i % p.length];
    }
    return b;
  }

  static byte[] frame(byte[] plain, boolean withContentSize) {
    try (ZstdCompressCtx c = new ZstdCompressCtx()) {
      c.setLevel(3);
      c.setContentSize(withContentSize);
      return c.compress(plain);
    }
  }

  /**
   * A frame of zstd-jni's for {@code plain} (1,000 to 60,000 bytes of {@link #text}, so its header
   * has a 2-byte content size), with that content size replaced by {@code declared}.
   */
  static byte[] frameDeclaring(byte[] plain, int declared) {
    byte[] f = frame(plain, true);
    int fhd = f[4] & 0xff;
    assertThat(fhd >>> 6).as("content size field of 2 bytes").isEqualTo(1);
    assertThat(fhd & 0x23).as("single segment, no dictionary id").isEqualTo(0x20);
    ByteBuffer.wrap(f, 5, 2)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN)
        .putShort((short) (declared - 256));
    return f;
  }

  /**
   * A hand-made frame of RLE blocks: {@code blocks} blocks of {@code blockSize} copies of one byte,
   * 4 bytes each, so a few KiB of frame produce gigabytes. With {@code declared} < 0 the header has
   * no content size (and a 128 KiB window), else an 8-byte content size.
   */
  static byte[] rleFrame(long declared, int blocks, int blockSize) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd});
    if (declared < 0) {
      out.write(0x00); // no content size, not single segment
      out.write(0x38); // window descriptor: 2^(10+7) = 128 KiB
    } else {
      out.write(0xc0); // 8-byte content size, window from the descriptor
      out.write(0x38);
      out.writeBytes(
          ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(declared).array());
    }
    for (int i = 0; i < blocks; i++) {
      int last = i == blocks - 1 ? 1 : 0;
      int header = blockSize << 3 | 1 << 1 | last; // type 1: RLE
      out.write(header);
      out.write(header >>> 8);
      out.write(header >>> 16);
      out.write('z');
    }
    return out.toByteArray();
  }

  /**
   * A resealed version-{@code version} container with one row: {@code stored} as its data, the
   * given plain length and flags, and {@code hash}.
   */
  static byte[] container(ChunkHash hash, byte[] stored, int plainLength, int flags, int version) {
    ContainerBuilder cb = new ContainerBuilder(ID);
    cb.add(hash, stored, 0, stored.length, PATH);
    byte[] b = concat(cb);
    ByteBuffer bb = ByteBuffer.wrap(b);
    bb.putInt(8, version);
    bb.putInt(ROW + 44, plainLength);
    b[ROW + 48] = (byte) flags;
    FuzzSupport.resealContainer(b);
    return b;
  }

  /** The container's bytes as the builder would write them. */
  static byte[] concat(ContainerBuilder cb) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (ByteBuffer part : cb.encode()) {
      out.write(part.array(), part.arrayOffset() + part.position(), part.remaining());
    }
    return out.toByteArray();
  }

  /** Parses the container and decodes its only chunk, as every reader does. */
  static byte[] decodeOnlyChunk(byte[] container) throws IOException {
    FuzzSupport.BytesChannel ch = new FuzzSupport.BytesChannel(container);
    ContainerHeader h = ContainerReader.readHeader(ch, "data/01/x");
    ContainerEntry e = h.entries().get(0);
    byte[] stored = ContainerReader.readChunk(ch, h, e, "data/01/x");
    try (ChunkDecoder d = new ChunkDecoder()) {
      return d.decode(e, stored, "data/01/x");
    }
  }
}
