package dev.ferry.monitor.staging;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The meta section of a pack (src-docs/staging-format.md, "Pack"), its fields and rules read
 * strictly in order; every count is checked against the bytes left before anything is allocated.
 */
final class MetaDecoder {
  private MetaDecoder() {}

  static PackLayout decode(FieldReader r, int kind, long id) throws CorruptStagingFileException {
    String root = r.str16("root", PathKey.MAX_BYTES);
    String path = r.str16("path", PathKey.MAX_BYTES);
    String bad = PathKey.problem(root, path);
    if (bad != null) {
      throw r.corrupt(bad.startsWith("root") ? "root" : "path", bad);
    }
    long savedAt = r.i64("savedAt");
    int c = r.u31("rowCount");
    if ((long) c * ChunkRow.BYTES > r.remaining()) {
      throw r.corrupt("rowCount", c + " rows do not fit in " + r.remaining() + " bytes");
    }
    List<ChunkRow> rows = new ArrayList<>(c);
    int present = 0;
    for (int i = 0; i < c; i++) {
      byte[] sha = r.bytes("row[" + i + "].sha256", 32);
      long xxh3 = r.i64("row[" + i + "].xxh3");
      int len = r.u31("row[" + i + "].length");
      if (len == 0) {
        throw r.corrupt("row[" + i + "].length", "must be at least 1");
      }
      int flags = r.u8("row[" + i + "].flags");
      boolean bad2 = (flags & ~ChunkRow.FLAG_PRESENT) != 0;
      if (bad2 || (kind == PackLayout.KIND_VERSION && flags != ChunkRow.FLAG_PRESENT)) {
        throw r.corrupt("row[" + i + "].flags", "flags " + flags + " not allowed here");
      }
      present += flags;
      rows.add(new ChunkRow(sha, xxh3, len, flags != 0));
    }
    List<PointerRange> ranges = ranges(r, kind, id, c);
    r.expectEnd("meta");
    if (kind == PackLayout.KIND_RESIDUE && present == 0) {
      throw r.corrupt("rowCount", "a residue holds at least one present row");
    }
    return new PackLayout(kind, id, new PathKey(root, path), savedAt, rows, ranges);
  }

  private static List<PointerRange> ranges(FieldReader r, int kind, long id, int c)
      throws CorruptStagingFileException {
    int n = r.u31("rangeCount");
    if ((long) n * PointerRange.BYTES > r.remaining()) {
      throw r.corrupt("rangeCount", n + " ranges do not fit in " + r.remaining() + " bytes");
    }
    if (kind == PackLayout.KIND_RESIDUE && n != 0) {
      throw r.corrupt("rangeCount", "a residue has no pointer table");
    }
    boolean[] covered = new boolean[c];
    long blocks = 0;
    List<PointerRange> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String f = "range[" + i + "]";
      long owner = r.u63(f + ".owner");
      int first = r.u31(f + ".first");
      int count = r.u31(f + ".count");
      blocks += count;
      if (count == 0 || blocks > PackCodec.MAX_BLOCKS) {
        throw r.corrupt(f + ".count", "count " + count + ", block total " + blocks);
      }
      if ((long) first + count > Integer.MAX_VALUE) {
        throw r.corrupt(f + ".first", "rows " + first + "+" + count + " overflow");
      }
      if (owner >= id) {
        throw r.corrupt(f + ".owner", "owner " + owner + " is not older than " + id);
      }
      if (owner == 0) {
        if ((long) first + count > c) {
          throw r.corrupt(f + ".first", "rows " + first + "+" + count + " past " + c);
        }
        Arrays.fill(covered, first, first + count, true);
      }
      out.add(new PointerRange(owner, first, count));
    }
    for (int i = 0; i < c; i++) {
      if (!covered[i] && kind == PackLayout.KIND_VERSION) {
        throw r.corrupt("row[" + i + "]", "not used by the pointer table");
      }
    }
    return out;
  }
}
