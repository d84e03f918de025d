package dev.ferry.target.index;

import dev.ferry.target.ChunkHash;
import dev.ferry.target.ChunkLocation;
import dev.ferry.target.CorruptIndexException;
import dev.ferry.target.UnsupportedFormatException;
import dev.ferry.target.container.Checksums;
import dev.ferry.target.container.ContainerFormat;
import dev.ferry.target.container.FieldReader;
import dev.ferry.target.container.FieldWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Encodes and decodes one index file (format version 1, layout in {@code target-format.md}).
 *
 * @param snapshotId the commit that wrote it
 * @param entries chunk hash to location
 */
public record IndexFile(long snapshotId, Map<ChunkHash, ChunkLocation> entries) {
  public static final byte[] MAGIC = "FERRYIDX".getBytes(StandardCharsets.US_ASCII);
  public static final int VERSION = 1;

  /**
   * Largest index file readers accept and writers write: 22 million chunks, 1.4 TB at the average
   * 64 KiB chunk, in one commit. Index files are read whole, so the cap is what stops one planted
   * as a huge file from exhausting memory; it stays well below the JVM's 2 GiB array limit.
   */
  public static final int MAX_BYTES = 1 << 30;

  /** hash(32) + container row(4) + offset(8) + length(4). */
  private static final int ENTRY = 48;

  public IndexFile {
    entries = Map.copyOf(entries);
  }

  /** Receives an index file's entries in file order (by hash), as {@link #scan} checks them. */
  public interface EntryVisitor {
    void entry(ChunkHash hash, ChunkLocation location);
  }

  /**
   * The file's bytes; entries sorted by hash so equal content gives equal files.
   *
   * @throws IllegalStateException if they would exceed {@link #MAX_BYTES}, which readers refuse
   */
  public byte[] encode() {
    TreeMap<ChunkHash, ChunkLocation> sorted = new TreeMap<>(entries);
    return encode(snapshotId, sorted.size(), sorted::forEach);
  }

  /**
   * Same as {@code new IndexFile(snapshotId, index.entries()).encode()} without copying the entries
   * into objects: for index files of millions of entries (prune).
   */
  public static byte[] encode(long snapshotId, ChunkIndex index) {
    return encode(snapshotId, index.size(), index::forEachSorted);
  }

  /**
   * Encodes {@code count} entries that {@code sorted} visits in hash order; it is called twice, so
   * that the container table lists containers in the order entries first name them.
   */
  private static byte[] encode(
      long snapshotId, int count, Consumer<BiConsumer<ChunkHash, ChunkLocation>> sorted) {
    List<String> containers = new ArrayList<>();
    Map<String, Integer> rows = new HashMap<>();
    sorted.accept((h, loc) -> rows.computeIfAbsent(loc.containerId(), id -> add(containers, id)));
    checkSize(snapshotId, containers.size(), count);
    FieldWriter w = new FieldWriter(64 + containers.size() * 32 + count * ENTRY);
    w.bytes(MAGIC).s32(VERSION).s64(snapshotId).s32(containers.size());
    for (String id : containers) {
      w.bytes(id.getBytes(StandardCharsets.US_ASCII));
    }
    w.s32(count);
    sorted.accept(
        (hash, loc) ->
            w.bytes(hash.toBytes())
                .s32(rows.get(loc.containerId()))
                .s64(loc.offset())
                .s32(loc.length()));
    return Checksums.withCrcTrailer(w);
  }

  private static void checkSize(long snapshotId, int containers, int entries) {
    // magic, version, id, two counts and the CRC, then the container ids and the entries.
    long length = 32 + 32L * containers + (long) ENTRY * entries;
    if (length > MAX_BYTES) {
      throw new IllegalStateException(
          "index of snapshot "
              + snapshotId
              + " would be over "
              + MAX_BYTES
              + " bytes ("
              + entries
              + " chunks): readers refuse it");
    }
  }

  private static int add(List<String> list, String id) {
    list.add(id);
    return list.size() - 1;
  }

  /** Parses and checks an index file; {@code name} is used in messages. */
  public static IndexFile decode(byte[] b, String name) throws IOException {
    Map<ChunkHash, ChunkLocation> entries = new HashMap<>();
    long snapshotId = scan(b, name, entries::put);
    return new IndexFile(snapshotId, entries);
  }

  /**
   * Checks an index file as {@link #decode} does and hands each entry to {@code visitor} instead of
   * keeping them; returns the snapshot id. Entries before a damaged one may have been visited.
   */
  public static long scan(byte[] b, String name, EntryVisitor visitor) throws IOException {
    if (b.length < 4) {
      throw new CorruptIndexException(name, "too short");
    }
    int stored = ByteBuffer.wrap(b, b.length - 4, 4).getInt();
    if (stored != Checksums.crc32c(b, 0, b.length - 4)) {
      throw new CorruptIndexException(name, "CRC32C mismatch");
    }
    FieldReader r =
        new FieldReader(b, 0, b.length - 4, detail -> new CorruptIndexException(name, detail));
    r.expect(MAGIC, "magic");
    int version = r.s32("version");
    if (version != VERSION) {
      throw new UnsupportedFormatException(name, "index format version " + version);
    }
    long snapshotId = r.u63("snapshot id");
    List<String> containers = readContainerIds(r);
    int count = r.count(ENTRY, "entry count");
    ChunkHash previous = null;
    for (int i = 0; i < count; i++) {
      ChunkHash hash = ChunkHash.fromBytes(r.bytes(ChunkHash.LENGTH, "hash"));
      // Sorted by hash, as the format says and encode() writes; strictly, so also unique.
      if (previous != null && previous.compareTo(hash) >= 0) {
        throw r.fail("entry " + hash + " is out of order or duplicated after " + previous);
      }
      previous = hash;
      int row = r.u31("container row");
      if (row >= containers.size()) {
        throw r.fail("container row " + row + " >= " + containers.size());
      }
      visitor.entry(hash, new ChunkLocation(containers.get(row), r.u63("offset"), r.u31("length")));
    }
    r.expectEnd("entries");
    return snapshotId;
  }

  private static List<String> readContainerIds(FieldReader r) throws IOException {
    int n = r.count(ContainerFormat.ID_LENGTH, "container count");
    List<String> ids = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String id =
          new String(r.bytes(ContainerFormat.ID_LENGTH, "container id"), StandardCharsets.US_ASCII);
      if (!ContainerFormat.isValidId(id)) {
        throw r.fail("container id is not 32 lower-case hex digits");
      }
      ids.add(id);
    }
    return ids;
  }
}
