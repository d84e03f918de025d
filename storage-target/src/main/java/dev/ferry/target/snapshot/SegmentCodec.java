package dev.ferry.target.snapshot;

import dev.ferry.target.ChunkHash;
import dev.ferry.target.CorruptSnapshotException;
import dev.ferry.target.FileEntry;
import dev.ferry.target.PathOrder;
import dev.ferry.target.UnsupportedFormatException;
import dev.ferry.target.container.Checksums;
import dev.ferry.target.container.FieldReader;
import dev.ferry.target.container.FieldWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes and decodes segment files ({@code segments/<sha-256>.seg}, layout in {@code
 * target-format.md}, "Segment file"): magic, version, entry count, entries, CRC32C. A segment is
 * named by the SHA-256 of its bytes, so decoding checks the bytes against the reference that led to
 * them before anything else. Stateless and thread-safe.
 */
public final class SegmentCodec {
  public static final byte[] MAGIC = "FERRYSEG".getBytes(StandardCharsets.US_ASCII);
  public static final int VERSION = 1;

  /**
   * Largest segment file readers accept. Writers aim far lower ({@code SnapshotEntries}); only one
   * entry with very many chunks makes a large segment, and 256 MiB holds one of about seven million
   * chunks.
   */
  public static final int MAX_BYTES = 256 << 20;

  private SegmentCodec() {}

  /** The bytes {@code e} takes in a segment, to size segments before encoding them. */
  public static int encodedSize(FileEntry e) {
    return EntryCodec.encodedSize(e);
  }

  /** The bytes of a segment holding {@code entries}, which must be sorted and unique. */
  public static byte[] encode(List<FileEntry> entries) {
    int size = 20;
    for (FileEntry e : entries) {
      size += EntryCodec.encodedSize(e);
    }
    FieldWriter w = new FieldWriter(size);
    w.bytes(MAGIC).s32(VERSION).s32(entries.size());
    for (FileEntry e : entries) {
      EntryCodec.write(w, e);
    }
    return Checksums.withCrcTrailer(w);
  }

  /**
   * Parses the segment {@code ref} names and checks it against {@code ref}: its hash first, then
   * its entry count, first path and total bytes.
   *
   * @param name the file's name in messages
   * @throws CorruptSnapshotException naming the file if any check fails
   */
  public static List<FileEntry> decode(byte[] b, SegmentRef ref, String name) throws IOException {
    if (!ChunkHash.of(b, 0, b.length).equals(ref.hash())) {
      throw new CorruptSnapshotException(name, "content does not match its name (SHA-256)");
    }
    List<FileEntry> entries = decode(b, name);
    long total = entries.stream().mapToLong(FileEntry::size).sum();
    if (entries.size() != ref.entryCount()
        || !entries.get(0).path().equals(ref.firstPath())
        || total != ref.totalBytes()) {
      throw new CorruptSnapshotException(
          name,
          String.format(
              "holds %d entries from %s, %d bytes; its root says %d from %s, %d bytes",
              entries.size(),
              entries.get(0).path(),
              total,
              ref.entryCount(),
              ref.firstPath(),
              ref.totalBytes()));
    }
    return entries;
  }

  /**
   * Parses a segment on its own: CRC, magic, version, at least one entry, entries strictly
   * increasing, nothing after them.
   */
  public static List<FileEntry> decode(byte[] b, String name) throws IOException {
    if (b.length < 4 || Checksums.crc32c(b, 0, b.length - 4) != trailer(b)) {
      throw new CorruptSnapshotException(name, "CRC32C mismatch");
    }
    FieldReader r =
        new FieldReader(b, 0, b.length - 4, detail -> new CorruptSnapshotException(name, detail));
    r.expect(MAGIC, "magic");
    int version = r.s32("version");
    if (version != VERSION) {
      throw new UnsupportedFormatException(name, "segment format version " + version);
    }
    int count = r.count(EntryCodec.MIN_ENTRY_V2, "entry count");
    if (count == 0) {
      throw r.fail("no entries");
    }
    List<FileEntry> entries = new ArrayList<>(count);
    String previous = null;
    for (int i = 0; i < count; i++) {
      FileEntry e = EntryCodec.read(r, true);
      if (previous != null && PathOrder.compare(previous, e.path()) >= 0) {
        throw r.fail("entry " + e.path() + " is out of order or duplicated after " + previous);
      }
      previous = e.path();
      entries.add(e);
    }
    r.expectEnd("entries");
    return entries;
  }

  private static int trailer(byte[] b) {
    return ByteBuffer.wrap(b, b.length - 4, 4).getInt();
  }
}
