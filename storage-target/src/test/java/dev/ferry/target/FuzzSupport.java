package dev.ferry.target;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.target.container.Checksums;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * Helpers shared by the fuzz tests. The {@code reseal*} methods recompute the checksums of a file
 * in place (where its shape allows), so the fuzzer's mutations reach the parsing behind the CRCs
 * instead of dying at the first checksum, as host-monitor's codec fuzz test does.
 */
final class FuzzSupport {
  /** Inputs above this size are skipped: parsers must not need big inputs to show a bug. */
  static final int MAX_INPUT = 1 << 20;

  private FuzzSupport() {}

  /** Container: header CRC (if the header length fits), trailer total length and CRC. */
  static void resealContainer(byte[] b) {
    ByteBuffer bb = ByteBuffer.wrap(b);
    if (b.length >= 16) {
      int h = bb.getInt(12);
      if (h >= 0 && 20L + h <= b.length) {
        bb.putInt(16 + h, Checksums.crc32c(b, 0, 16 + h));
      }
    }
    if (b.length >= 20) {
      bb.putLong(b.length - 20, b.length);
      bb.putInt(b.length - 12, Checksums.crc32c(b, 0, b.length - 20));
    }
  }

  /** Index file: the trailing CRC32C. */
  static void resealIndex(byte[] b) {
    resealTrailer(b);
  }

  /** Snapshot root: the summary CRC (found through the host length) and the trailing CRC32C. */
  static void resealSnapshot(byte[] b) {
    if (b.length >= 43) {
      int hostLen = ByteBuffer.wrap(b).getShort(41) & 0xffff;
      int summaryEnd = 55 + hostLen;
      if (summaryEnd + 4 <= b.length) {
        ByteBuffer.wrap(b).putInt(summaryEnd, Checksums.crc32c(b, 0, summaryEnd));
      }
    }
    resealTrailer(b);
  }

  /** Segment file: the trailing CRC32C. */
  static void resealSegment(byte[] b) {
    resealTrailer(b);
  }

  /** The {@code ferry-target} file: CRC over bytes 0-43. */
  static void resealTargetFile(byte[] b) {
    resealTrailer(b);
  }

  private static void resealTrailer(byte[] b) {
    if (b.length >= 4) {
      ByteBuffer.wrap(b).putInt(b.length - 4, Checksums.crc32c(b, 0, b.length - 4));
    }
  }

  /** Every successfully parsed path must be safe to restore, whatever the parser thinks. */
  static void assertSafePath(String path) {
    assertThat(path).isNotEmpty().doesNotContain("\0").doesNotContain("\\");
    assertThat(path).doesNotStartWith("/").doesNotEndWith("/");
    for (String segment : path.split("/", -1)) {
      assertThat(segment).isNotEmpty().isNotEqualTo(".").isNotEqualTo("..");
    }
    FileEntry.checkPath(path);
  }

  /**
   * A read-only {@link FileChannel} over a byte array, so the container reader can be fuzzed
   * without touching the disk. Mirrors FileChannel's contract: positional reads past the end return
   * -1, a negative position is an {@link IllegalArgumentException}.
   */
  static final class BytesChannel extends FileChannel {
    private final byte[] b;
    private long pos;

    BytesChannel(byte[] b) {
      this.b = b;
    }

    @Override
    public int read(ByteBuffer dst) {
      int n = read(dst, pos);
      if (n > 0) {
        pos += n;
      }
      return n;
    }

    @Override
    public int read(ByteBuffer dst, long position) {
      if (position < 0) {
        throw new IllegalArgumentException("negative position " + position);
      }
      if (position >= b.length) {
        return -1;
      }
      int n = (int) Math.min(dst.remaining(), b.length - position);
      dst.put(b, (int) position, n);
      return n;
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) {
      throw new UnsupportedOperationException();
    }

    @Override
    public int write(ByteBuffer src) {
      throw new NonWritableChannelException();
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) {
      throw new NonWritableChannelException();
    }

    @Override
    public int write(ByteBuffer src, long position) {
      throw new NonWritableChannelException();
    }

    @Override
    public long position() {
      return pos;
    }

    @Override
    public FileChannel position(long newPosition) {
      pos = newPosition;
      return this;
    }

    @Override
    public long size() {
      return b.length;
    }

    @Override
    public FileChannel truncate(long size) {
      throw new NonWritableChannelException();
    }

    @Override
    public void force(boolean metaData) {}

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) {
      throw new UnsupportedOperationException();
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) {
      throw new NonWritableChannelException();
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) {
      throw new UnsupportedOperationException();
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) {
      throw new UnsupportedOperationException();
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) {
      throw new UnsupportedOperationException();
    }

    @Override
    protected void implCloseChannel() {}
  }
}
