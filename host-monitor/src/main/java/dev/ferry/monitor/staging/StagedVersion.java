package dev.ferry.monitor.staging;

import dev.ferry.monitor.blockmap.Block;
import dev.ferry.monitor.blockmap.BlockMap;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * One staged version opened for reading: its block map and its bytes, each chunk checked against
 * its SHA-256 before it is handed out.
 *
 * <p>A snapshot: it holds open descriptors of the packs it reads, so it stays readable until closed
 * even if the version is released, evicted or its chunks compacted meanwhile (POSIX keeps unlinked
 * files readable through open descriptors). Close it promptly: it pins disk space.
 *
 * <p>Thread-safe: {@link #readChunk} may be called concurrently. A stream from {@link
 * #newInputStream()} is for one thread.
 */
public final class StagedVersion implements Closeable {
  private final long stageId;
  private final PathKey key;
  private final long savedAtNanos;
  private final boolean released;
  private final BlockMap blocks;
  private final int pointerEntries;
  private final List<FileChannel> channels;
  private final int[] channelOf;
  private final long[] position;
  private final ChunkRow[] rows;
  private volatile boolean closed;

  StagedVersion(
      Pack version, List<FileChannel> channels, int[] channelOf, long[] position, ChunkRow[] rows) {
    this.stageId = version.id();
    this.key = version.key();
    this.savedAtNanos = version.layout().savedAtNanos();
    this.released = version.state() == PackState.BASE;
    this.pointerEntries = version.layout().ranges().size();
    this.channels = List.copyOf(channels);
    this.channelOf = channelOf;
    this.position = position;
    this.rows = rows;
    List<Block> list = new ArrayList<>(rows.length);
    long offset = 0;
    for (ChunkRow r : rows) {
      list.add(new Block(offset, r.length(), r.xxh3()));
      offset += r.length();
    }
    this.blocks = new BlockMap(list);
  }

  public long stageId() {
    return stageId;
  }

  public String root() {
    return key.root();
  }

  public String path() {
    return key.path();
  }

  /**
   * When the file was judged saved, as given to {@link StagingStore#begin(String, String, long)}.
   */
  public long savedAtNanos() {
    return savedAtNanos;
  }

  /** Whether {@link StagingStore#release} was called for it (it is then kept only as a base). */
  public boolean released() {
    return released;
  }

  /** The version's chunks in file order, with the XXH3-64 fingerprints given at staging time. */
  public BlockMap blocks() {
    return blocks;
  }

  /** The version's size in bytes. */
  public long size() {
    return blocks.size();
  }

  /** Entries of its pointer table (ranges of consecutive chunks). */
  public int pointerEntries() {
    return pointerEntries;
  }

  /**
   * The bytes of block {@code i}, verified.
   *
   * @throws StagedChunkDamagedException if they cannot be read or fail their SHA-256
   * @throws IndexOutOfBoundsException if there is no block {@code i}
   */
  public byte[] readChunk(int i) throws IOException {
    ChunkRow row = rows[i];
    if (closed) {
      throw new IllegalStateException("staged version " + stageId + " is closed");
    }
    byte[] b = new byte[row.length()];
    try {
      PackFile.readFully(channels.get(channelOf[i]), b, position[i]);
    } catch (IOException e) {
      throw new StagedChunkDamagedException(stageId, i, "cannot read its pack: " + e, e);
    }
    MessageDigest sha = Collector.sha256();
    if (!row.matches(sha.digest(b))) {
      throw new StagedChunkDamagedException(
          stageId, i, "bytes fail their SHA-256 " + row.shaHex() + " (damaged pack)");
    }
    return b;
  }

  /** The version's bytes in order, each chunk verified before any of its bytes is returned. */
  public InputStream newInputStream() {
    return new InputStream() {
      private int block;
      private byte[] cur = new byte[0];
      private int pos;

      private boolean fill() throws IOException {
        while (pos == cur.length) {
          if (block == rows.length) {
            return false;
          }
          cur = readChunk(block++);
          pos = 0;
        }
        return true;
      }

      @Override
      public int read() throws IOException {
        return fill() ? cur[pos++] & 0xff : -1;
      }

      @Override
      public int read(byte[] dst, int off, int len) throws IOException {
        if (len == 0) {
          return 0;
        }
        if (!fill()) {
          return -1;
        }
        int n = Math.min(len, cur.length - pos);
        System.arraycopy(cur, pos, dst, off, n);
        pos += n;
        return n;
      }
    };
  }

  /** Closes the pack descriptors; reads after it fail. Idempotent. */
  @Override
  public void close() throws IOException {
    closed = true;
    IOException first = null;
    for (FileChannel c : channels) {
      try {
        c.close();
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
