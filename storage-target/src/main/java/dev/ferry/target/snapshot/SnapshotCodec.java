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
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** Encodes and decodes snapshot roots (format version 1, layout in {@code target-format.md}). */
public final class SnapshotCodec {
  public static final byte[] MAGIC = "FERRYSNP".getBytes(StandardCharsets.US_ASCII);
  public static final int VERSION = 1;

  /** Longest host name in UTF-8 bytes. */
  public static final int MAX_HOST_BYTES = 255;

  /** Enough to hold any summary: fixed fields plus the longest host name a u16 can express. */
  public static final int MAX_SUMMARY = 64 + 0xffff;

  /** path length(2) + size(8) + mtime(8) + mode(4) + chunk count(4). */
  private static final int MIN_ENTRY = 26;

  /** hash(32) + length(4). */
  private static final int CHUNK_REF = 36;

  private SnapshotCodec() {}

  /** The file's bytes; entries must already be sorted and unique (Snapshot from the writer). */
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
      w.utf8(e.path()).s64(e.size()).s64(e.mtimeNanos()).s32(e.mode()).s32(e.chunks().size());
      for (ChunkRef c : e.chunks()) {
        w.bytes(c.hash().toBytes()).s32(c.length());
      }
    }
    return Checksums.withCrcTrailer(w);
  }

  /**
   * Parses the summary at the front of a snapshot root, checking its own CRC; {@code prefix} may be
   * the first {@link #MAX_SUMMARY} bytes of the file.
   */
  public static SnapshotInfo decodeInfo(byte[] prefix, String name) throws IOException {
    FieldReader r = reader(prefix, prefix.length, name);
    return readSummary(r, prefix, name);
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
    SnapshotInfo info = readSummary(r, b, name);
    List<FileEntry> entries =
        new ArrayList<>(Math.min(info.fileCount(), r.remaining() / MIN_ENTRY));
    long total = 0;
    String previous = null;
    for (int i = 0; i < info.fileCount(); i++) {
      FileEntry e = readEntry(r);
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

  private static SnapshotInfo readSummary(FieldReader r, byte[] b, String name) throws IOException {
    int start = r.position();
    r.expect(MAGIC, "magic");
    int version = r.s32("version");
    if (version != VERSION) {
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
    return new SnapshotInfo(
        id,
        hasParent == 1 ? OptionalLong.of(parent) : OptionalLong.empty(),
        Instant.ofEpochSecond(seconds, nanos),
        host,
        fileCount,
        totalBytes);
  }

  private static FileEntry readEntry(FieldReader r) throws IOException {
    String path = r.utf8("path");
    long size = r.u63("size of " + path);
    long mtime = r.s64("mtime of " + path);
    int mode = r.s32("mode of " + path);
    int count = r.count(CHUNK_REF, "chunk count of " + path);
    List<ChunkRef> chunks = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ChunkHash h = ChunkHash.fromBytes(r.bytes(ChunkHash.LENGTH, "chunk hash of " + path));
      chunks.add(new ChunkRef(h, r.u31("chunk length of " + path)));
    }
    try {
      return new FileEntry(path, size, mtime, mode, chunks);
    } catch (IllegalArgumentException e) {
      // Includes InvalidEntryPathException: a hostile path is a corrupt snapshot, never restored.
      throw r.fail(e.getMessage());
    }
  }

  private static FieldReader reader(byte[] b, int len, String name) {
    return new FieldReader(b, 0, len, detail -> new CorruptSnapshotException(name, detail));
  }
}
