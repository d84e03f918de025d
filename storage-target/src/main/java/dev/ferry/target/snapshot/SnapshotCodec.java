package dev.ferry.target.snapshot;

import dev.ferry.target.ChunkHash;
import dev.ferry.target.CorruptDataException;
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
 * Encodes and decodes snapshot roots (layout in {@code target-format.md}). The disk target writes
 * version 3, a table of segments ({@link #encodeRoot}); readers also accept versions 1 (regular
 * files only) and 2 (a kind byte per entry), which hold their entries inline. {@link #encode} still
 * writes version 2, the inline form, which is what older targets hold. Stateless and thread-safe.
 */
public final class SnapshotCodec {
  public static final byte[] MAGIC = "FERRYSNP".getBytes(StandardCharsets.US_ASCII);

  /** The version the disk target's writer writes ({@link #encodeRoot}). */
  public static final int VERSION = 3;

  /** The inline version {@link #encode} writes. */
  public static final int INLINE_VERSION = 2;

  /** The first version whose entries live in segment files. */
  public static final int FIRST_SEGMENTED_VERSION = 3;

  /** The oldest version {@link #decode} and {@link #decodeInfo} still read. */
  public static final int OLDEST_READABLE_VERSION = 1;

  /** Longest host name in UTF-8 bytes. */
  public static final int MAX_HOST_BYTES = 255;

  /** Enough to hold any summary: fixed fields plus the longest host name a u16 can express. */
  public static final int MAX_SUMMARY = 64 + 0xffff;

  /**
   * Largest root readers accept and writers write: several million inline entries (a file with a
   * 60-byte path and two chunks takes about 160 bytes), or about ten million segments. Roots are
   * read whole, so the cap is what stops one planted as a huge file from exhausting memory; it
   * stays well below the JVM's 2 GiB array limit.
   */
  public static final int MAX_BYTES = 1 << 30;

  /** A table row: hash(32) + entry count(4) + total bytes(8) + first path length(2). */
  private static final int MIN_SEGMENT_ROW = 46;

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
   * A version 3 root: {@code info}, then the table of {@code segments}, which must be in path order
   * and add up to the summary's entry count and total bytes.
   */
  public static byte[] encodeRoot(SnapshotInfo info, List<SegmentRef> segments) {
    FieldWriter w = new FieldWriter(1024 + segments.size() * 96);
    writeSummary(w, VERSION, info);
    w.s32(segments.size());
    for (SegmentRef s : segments) {
      w.bytes(s.hash().toBytes()).s32(s.entryCount()).s64(s.totalBytes()).utf8(s.firstPath());
    }
    return capped(info, Checksums.withCrcTrailer(w));
  }

  /**
   * A version 2 root holding every entry inline; entries must already be sorted and unique
   * (Snapshot from the writer).
   *
   * @throws IllegalStateException if they would exceed {@link #MAX_BYTES}, which readers refuse
   */
  public static byte[] encode(Snapshot s) {
    SnapshotInfo info = s.info();
    FieldWriter w = new FieldWriter(1024 + s.entries().size() * 128);
    writeSummary(w, INLINE_VERSION, info);
    for (FileEntry e : s.entries()) {
      EntryCodec.write(w, e);
    }
    return capped(info, Checksums.withCrcTrailer(w));
  }

  private static void writeSummary(FieldWriter w, int version, SnapshotInfo info) {
    int start = w.size();
    w.bytes(MAGIC).s32(version).s64(info.id());
    w.u8(info.parentId().isPresent() ? 1 : 0).s64(info.parentId().orElse(0));
    w.s64(info.createdAt().getEpochSecond()).s32(info.createdAt().getNano());
    w.utf8(info.host()).s32(info.fileCount()).s64(info.totalBytes());
    byte[] summary = w.toByteArray();
    w.s32(Checksums.crc32c(summary, start, summary.length - start));
  }

  private static byte[] capped(SnapshotInfo info, byte[] b) {
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

  /**
   * Parses the summary at the front of a snapshot root, checking its own CRC; {@code prefix} may be
   * the first {@link #MAX_SUMMARY} bytes of the file.
   */
  public static SnapshotInfo decodeInfo(byte[] prefix, String name) throws IOException {
    FieldReader r = reader(prefix, prefix.length, name);
    return readSummary(r, prefix, name).info();
  }

  /**
   * Parses and checks an inline (version 1 or 2) root whole.
   *
   * @throws CorruptSnapshotException also for a version 3 root, whose entries are elsewhere: read
   *     those through {@link #decodeRoot} and their segments
   */
  public static Snapshot decode(byte[] b, String name) throws IOException {
    SnapshotRoot root = decodeRoot(b, name);
    if (root.isSegmented()) {
      throw new CorruptSnapshotException(name, "keeps its entries in segment files");
    }
    return new Snapshot(root.info(), root.inline());
  }

  /** Parses and checks a root of any readable version; a version 3 root's segments are not read. */
  public static SnapshotRoot decodeRoot(byte[] b, String name) throws IOException {
    if (b.length < 4) {
      throw new CorruptSnapshotException(name, "too short");
    }
    if (ByteBuffer.wrap(b, b.length - 4, 4).getInt() != Checksums.crc32c(b, 0, b.length - 4)) {
      throw new CorruptSnapshotException(name, "CRC32C mismatch");
    }
    FieldReader r = reader(b, b.length - 4, name);
    Summary summary = readSummary(r, b, name);
    SnapshotRoot root =
        summary.version() >= FIRST_SEGMENTED_VERSION
            ? new SnapshotRoot(summary.version(), summary.info(), List.of(), readTable(r, summary))
            : new SnapshotRoot(
                summary.version(), summary.info(), readInline(r, summary), List.of());
    r.expectEnd(root.isSegmented() ? "segment table" : "entries");
    return root;
  }

  private static List<FileEntry> readInline(FieldReader r, Summary summary) throws IOException {
    SnapshotInfo info = summary.info();
    boolean withKind = summary.version() > 1;
    int minEntry = withKind ? EntryCodec.MIN_ENTRY_V2 : EntryCodec.MIN_ENTRY_V1;
    List<FileEntry> entries = new ArrayList<>(Math.min(info.fileCount(), r.remaining() / minEntry));
    long total = 0;
    String previous = null;
    for (int i = 0; i < info.fileCount(); i++) {
      FileEntry e = EntryCodec.read(r, withKind);
      if (previous != null && PathOrder.compare(previous, e.path()) >= 0) {
        throw r.fail("entry " + e.path() + " is out of order or duplicated after " + previous);
      }
      previous = e.path();
      total += e.size();
      entries.add(e);
    }
    checkTotal(r, total, info);
    return entries;
  }

  private static List<SegmentRef> readTable(FieldReader r, Summary summary) throws IOException {
    int count = r.count(MIN_SEGMENT_ROW, "segment count");
    List<SegmentRef> table = new ArrayList<>(count);
    long entries = 0;
    long total = 0;
    String previous = null;
    for (int i = 0; i < count; i++) {
      ChunkHash h = ChunkHash.fromBytes(r.bytes(ChunkHash.LENGTH, "segment hash"));
      int n = r.u31("entry count of segment " + h);
      long bytes = r.u63("total bytes of segment " + h);
      String first = r.utf8("first path of segment " + h);
      if (n == 0) {
        throw r.fail("segment " + h + " is empty");
      }
      if (previous != null && PathOrder.compare(previous, first) >= 0) {
        throw r.fail("segment starting at " + first + " is out of order after " + previous);
      }
      try {
        FileEntry.checkPath(first);
      } catch (IllegalArgumentException e) {
        throw r.fail(e.getMessage());
      }
      previous = first;
      entries += n;
      total += bytes;
      table.add(new SegmentRef(h, first, n, bytes));
    }
    if (entries != summary.info().fileCount()) {
      throw r.fail(
          "segments hold " + entries + " entries, summary says " + summary.info().fileCount());
    }
    checkTotal(r, total, summary.info());
    return table;
  }

  private static void checkTotal(FieldReader r, long total, SnapshotInfo info)
      throws CorruptDataException {
    if (total != info.totalBytes()) {
      throw r.fail("entries add up to " + total + " bytes, summary says " + info.totalBytes());
    }
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

  private static FieldReader reader(byte[] b, int len, String name) {
    return new FieldReader(b, 0, len, detail -> new CorruptSnapshotException(name, detail));
  }
}
