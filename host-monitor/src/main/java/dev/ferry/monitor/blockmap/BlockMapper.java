package dev.ferry.monitor.blockmap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import net.openhft.hashing.LongHashFunction;

/**
 * Reads a file once and cuts it into content-defined chunks with XXH3-64 fingerprints.
 *
 * <p><b>Not thread-safe</b>: an instance owns one reusable read buffer (4 × max chunk size, at
 * least 1 MiB). Use one mapper per thread.
 *
 * <p>The map describes the bytes actually read. If a writer changes the file meanwhile, the map may
 * mix versions: callers compare size and mtime before and after (the watcher does).
 */
public final class BlockMapper {
  private static final LongHashFunction XXH3 = LongHashFunction.xx3();

  private final FastCdc cdc;
  private final byte[] buf;

  /** Visitor of chunk bytes, called in file order. */
  public interface ChunkVisitor {
    /** {@code buf[off, off + len)} is valid only during the call. */
    void chunk(long offset, byte[] buf, int off, int len, long fingerprint) throws IOException;
  }

  public BlockMapper(FastCdc cdc) {
    this.cdc = cdc;
    this.buf = new byte[Math.max(1 << 20, 4 * cdc.max())];
  }

  public BlockMap map(Path file) throws IOException {
    return map(file, null);
  }

  /**
   * Same as {@link #map(Path)}, and hands each chunk's bytes to {@code visitor} (nullable) so a
   * caller can hash or store chunks without reading the file twice.
   */
  public BlockMap map(Path file, ChunkVisitor visitor) throws IOException {
    List<Block> blocks = new ArrayList<>();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer bb = ByteBuffer.wrap(buf);
      long fileOffset = 0;
      int start = 0;
      boolean eof = false;
      while (true) {
        eof = eof || fill(ch, bb);
        int avail = bb.position() - start;
        if (avail == 0 && eof) {
          break;
        }
        while (avail >= cdc.max() || (eof && avail > 0)) {
          int len = cdc.nextCut(buf, start, avail);
          long fp = XXH3.hashBytes(buf, start, len);
          blocks.add(new Block(fileOffset, len, fp));
          if (visitor != null) {
            visitor.chunk(fileOffset, buf, start, len, fp);
          }
          fileOffset += len;
          start += len;
          avail -= len;
        }
        System.arraycopy(buf, start, buf, 0, avail);
        bb.position(avail);
        start = 0;
      }
    }
    return new BlockMap(blocks);
  }

  /** Reads until the buffer is full or the file ends; true at end of file. */
  private static boolean fill(FileChannel ch, ByteBuffer bb) throws IOException {
    while (bb.hasRemaining()) {
      if (ch.read(bb) < 0) {
        return true;
      }
    }
    return false;
  }
}
