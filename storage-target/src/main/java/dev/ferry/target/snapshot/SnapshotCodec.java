package dev.ferry.target.snapshot;

import dev.ferry.target.ChunkHash;
import dev.ferry.target.ChunkRef;
import dev.ferry.target.CorruptSnapshotException;
import dev.ferry.target.FileEntry;
import dev.ferry.target.PathOrder;
import dev.ferry.target.Snapshot;
import dev.ferry.target.SnapshotInfo;
import dev.ferry.target.UnsupportedFormatException;
import dev.ferry.target.container.Checksums;
import dev.ferry.target.container.FieldReader;
import dev.ferry.target.container.FieldWriter;
import dev.ferry.target.disk.WholeFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Encodes and decodes snapshot roots (layout in {@code target-format.md}). Writes format version 2;
 * reads versions 1 (regular files only) and 2 (a kind byte per entry; regular files and symbolic
 * links). Stateless and thread-safe.
 */
public final class SnapshotCodec {
  public static final byte[] MAGIC = "FERRYSNP".getBytes(StandardCharsets.US_ASCII);

  /** The version {@link #encode} writes. */
  public static final int VERSION = 2;

  /** The oldest version {@link #decode} and {@link #decodeInfo} still read. */
  public static final int OLDEST_READABLE_VERSION = 1;

  /** Entry kinds on disk (version 2 onwards). */
  static final int KIND_REGULAR_FILE = 0;

  static final int KIND_SYMLINK = 1;

  /** Longest host name in UTF-8 bytes. */
  public static final int MAX_HOST_BYTES = 255;

  /** Enough to hold any summary: fixed fields plus the longest host name a u16 can express. */
  public static final int MAX_SUMMARY = 64 + 0xffff;

  /**
   * Largest root readers accept and writers write: several million entries (a file with a 60-byte
   * path and two chunks takes about 160 bytes). Roots are read whole, so the cap is what stops one
   * planted as a huge file from exhausting memory; it stays well below the JVM's 2 GiB array limit.
   */
  public static final int MAX_BYTES = 1 << 30;

  /** Version 1: path length(2) + size(8) + mtime(8) + mode(4) + chunk count(4). */
  private static final int MIN_ENTRY_V1 = 26;

  /** Version 2, a link: path length(2) + kind(1) + mtime(8) + target length(2). */
  private static final int MIN_ENTRY_V2 = 13;

  /** hash(32) + length(4). */
  private static final int CHUNK_REF = 36;

  private SnapshotCodec() {}

  /**
   * The bytes of the root at {@code p}, refused unread if it is a link, not a regular file or over
   * {@link #MAX_BYTES}.
   *
   * @param name the root's name in messages
   * @throws java.nio.file.NoSuchFileException if there is none
   * @throws CorruptSnapshotException naming the root otherwise
   */
  public static byte[] read(Path p, String name) throws IOException {
    return WholeFiles.read(p, MAX_BYTES, detail -> new CorruptSnapshotException(name, detail));
  }

  /**
   * The file's bytes, in format {@link #VERSION}; entries must already be sorted and unique
   * (Snapshot from the writer).
   *
   * @throws IllegalStateException if they would exceed {@link #MAX_BYTES}, which readers refuse
   */
  public static byte[] encode(Snapshot s) {
    SnapshotInfo info = s.info();
    FieldWriter w = new FieldWriter(1024 + s.entries().size() * 128);
    w.bytes(MAGIC).s32(VERSION).s64(info.id());
    w.u8(info.parentId().isPresent() ? 1 : 0).s64(info.parentId().orElse(0));
    w.s64(info.createdAt().getEpochSecond()).s32(info.createdAt().getNano());
    w.utf8(info.host()).s32(info.fileCount()).s64(info.totalBytes());
    byte[] summary = w.toByteArray();
    w.s32(Checksums.crc32c(summary, 0, summary.length));
    for (FileEntry e : s.entries()) {
      w.utf8(e.path());
      switch (e.kind()) {
        case REGULAR_FILE -> writeRegularFile(w.u8(KIND_REGULAR_FILE), e);
        case SYMLINK -> w.u8(KIND_SYMLINK).s64(e.mtimeNanos()).utf8(e.linkTarget());
      }
    }
    byte[] b = Checksums.withCrcTrailer(w);
    if (b.length > MAX_BYTES) {
      throw new IllegalStateException(
          "snapshot "
              + info.id()
              + " would be "
              + b.length
              + " bytes, over the "
              + MAX_BYTES
              + " readers accept");
    }
    return b;
  }

  private static void writeRegularFile(FieldWriter w, FileEntry e) {
    w.s64(e.size()).s64(e.mtimeNanos()).s32(e.mode()).s32(e.chunks().size());
    for (ChunkRef c : e.chunks()) {
      w.bytes(c.hash().toBytes()).s32(c.length());
    }
  }

  /**
   * Parses the summary at the front of a snapshot root, checking its own CRC; {@code prefix} may be
   * the first {@link #MAX_SUMMARY} bytes of the file.
   */
  public static SnapshotInfo decodeInfo(byte[] prefix, String name) throws IOException {
    FieldReader r = reader(prefix, prefix.length, name);
    return readSummary(r, prefix, name).info();
  }

  /** Parses and checks a whole snapshot root. */
  public static Snapshot decode(byte[] b, String name) throws IOException {
    if (b.length < 4) {
      throw new CorruptSnapshotException(name, "too short");
    }
    if (ByteBuffer.wrap(b, b.length - 4, 4).getInt() != Checksums.crc32c(b, 0, b.length - 4)) {
      throw new CorruptSnapshotException(name, "CRC32C mismatch");
    }
    FieldReader r = reader(b, b.length - 4, name);
    Summary summary = readSummary(r, b, name);
    SnapshotInfo info = summary.info();
    int minEntry = summary.version() == 1 ? MIN_ENTRY_V1 : MIN_ENTRY_V2;
    List<FileEntry> entries = new ArrayList<>(Math.min(info.fileCount(), r.remaining() / minEntry));
    long total = 0;
    String previous = null;
    for (int i = 0; i < info.fileCount(); i++) {
      FileEntry e = readEntry(r, summary.version());
      if (previous != null && PathOrder.compare(previous, e.path()) >= 0) {
        throw r.fail("entry " + e.path() + " is out of order or duplicated after " + previous);
      }
      previous = e.path();
      total += e.size();
      entries.add(e);
    }
    r.expectEnd("entries");
    if (total != info.totalBytes()) {
      throw r.fail("entries add up to " + total + " bytes, summary says " + info.totalBytes());
    }
    return new Snapshot(info, entries);
  }

  /** The summary and the format version, which decides how entries are laid out. */
  private record Summary(int version, SnapshotInfo info) {}

  private static Summary readSummary(FieldReader r, byte[] b, String name) throws IOException {
    int start = r.position();
    r.expect(MAGIC, "magic");
    int version = r.s32("version");
    if (version < OLDEST_READABLE_VERSION || version > VERSION) {
      throw new UnsupportedFormatException(name, "snapshot format version " + version);
    }
    long id = r.u63("id");
    int hasParent = r.u8("has-parent flag");
    long parent = r.u63("parent id");
    if (hasParent > 1 || hasParent == 0 && parent != 0) {
      throw r.fail("bad parent fields " + hasParent + "/" + parent);
    }
    long seconds = r.s64("created seconds");
    int nanos = r.u31("created nanos");
    if (nanos > 999_999_999
        || seconds < Instant.MIN.getEpochSecond()
        || seconds > Instant.MAX.getEpochSecond()) {
      throw r.fail("created time out of range");
    }
    String host = r.utf8("host");
    int fileCount = r.u31("file count");
    long totalBytes = r.u63("total bytes");
    int end = r.position();
    int crc = r.s32("summary CRC32C");
    if (crc != Checksums.crc32c(b, start, end - start)) {
      throw r.fail("summary CRC32C mismatch");
    }
    return new Summary(
        version,
        new SnapshotInfo(
            id,
            hasParent == 1 ? OptionalLong.of(parent) : OptionalLong.empty(),
            Instant.ofEpochSecond(seconds, nanos),
            host,
            fileCount,
            totalBytes));
  }

  private static FileEntry readEntry(FieldReader r, int version) throws IOException {
    String path = r.utf8("path");
    int kind = version == 1 ? KIND_REGULAR_FILE : r.u8("kind of " + path);
    try {
      switch (kind) {
        case KIND_REGULAR_FILE:
          return readRegularFile(r, path);
        case KIND_SYMLINK:
          return readSymlink(r, path);
        default:
          // A new kind comes with a new version (bodies carry no length to skip them by).
          throw r.fail("unknown kind " + kind + " of " + path);
      }
    } catch (IllegalArgumentException e) {
      // Includes InvalidEntryPathException and InvalidLinkTargetException: a hostile path or link
      // text is a corrupt snapshot, never restored.
      throw r.fail(e.getMessage());
    }
  }

  private static FileEntry readSymlink(FieldReader r, String path) throws IOException {
    long mtime = r.s64("mtime of " + path);
    return FileEntry.symlink(path, r.utf8("link target of " + path), mtime);
  }

  private static FileEntry readRegularFile(FieldReader r, String path) throws IOException {
    long size = r.u63("size of " + path);
    long mtime = r.s64("mtime of " + path);
    int mode = r.s32("mode of " + path);
    int count = r.count(CHUNK_REF, "chunk count of " + path);
    List<ChunkRef> chunks = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ChunkHash h = ChunkHash.fromBytes(r.bytes(ChunkHash.LENGTH, "chunk hash of " + path));
      chunks.add(new ChunkRef(h, r.u31("chunk length of " + path)));
    }
    return FileEntry.regularFile(path, size, mtime, mode, chunks);
  }

  private static FieldReader reader(byte[] b, int len, String name) {
    return new FieldReader(b, 0, len, detail -> new CorruptSnapshotException(name, detail));
  }
}
