package dev.ferry.monitor.staging;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Encodes and strictly decodes packs (src-docs/staging-format.md, "Pack"). Pure functions over byte
 * arrays: {@link PackFile} does the reading. Thread-safe.
 */
final class PackCodec {
  static final byte[] MAGIC = "FERRYSPK".getBytes(StandardCharsets.US_ASCII);
  static final byte[] END_MAGIC = "FERRYEND".getBytes(StandardCharsets.US_ASCII);
  static final int VERSION = 1;
  static final int PREAMBLE = 24;
  static final int TRAILER = 24;
  static final int MAX_META = 64 << 20;
  static final long MAX_BLOCKS = 1L << 26;

  private PackCodec() {}

  static byte[] preamble(int kind, long id) {
    return ByteBuffer.allocate(PREAMBLE)
        .put(MAGIC)
        .putInt(VERSION)
        .put((byte) kind)
        .put(new byte[3])
        .putLong(id)
        .array();
  }

  static int metaSize(PathKey key, int rows, int ranges) {
    long n = 2L + PathKey.utf8Length(key.root()) + 2 + PathKey.utf8Length(key.path()) + 8;
    n += 4 + (long) ChunkRow.BYTES * rows + 4 + (long) PointerRange.BYTES * ranges;
    if (n > MAX_META) {
      throw new IllegalArgumentException("meta section of " + n + " bytes exceeds " + MAX_META);
    }
    return (int) n;
  }

  static byte[] meta(PathKey key, long savedAtNanos, List<ChunkRow> rows, List<PointerRange> r) {
    ByteBuffer b = ByteBuffer.allocate(metaSize(key, rows.size(), r.size()));
    for (String s : new String[] {key.root(), key.path()}) {
      byte[] u = PathKey.utf8(s);
      b.putShort((short) u.length).put(u);
    }
    b.putLong(savedAtNanos).putInt(rows.size());
    byte[] sha = new byte[32];
    for (ChunkRow row : rows) {
      row.writeSha(sha, 0);
      b.put(sha).putLong(row.xxh3()).putInt(row.length());
      b.put((byte) (row.present() ? ChunkRow.FLAG_PRESENT : 0));
    }
    b.putInt(r.size());
    for (PointerRange p : r) {
      b.putLong(p.owner()).putInt(p.first()).putInt(p.count());
    }
    return b.array();
  }

  static byte[] meta(PackLayout l) {
    return meta(l.key(), l.savedAtNanos(), l.rows(), l.ranges());
  }

  static byte[] trailer(byte[] preamble, byte[] meta, long totalLength) {
    ByteBuffer t = ByteBuffer.allocate(TRAILER).putInt(meta.length).putLong(totalLength);
    t.putInt(crc(preamble, meta, t.array())).put(END_MAGIC);
    return t.array();
  }

  private static int crc(byte[] preamble, byte[] meta, byte[] trailer) {
    CRC32C c = new CRC32C();
    c.update(preamble, 0, PREAMBLE);
    c.update(meta, 0, meta.length);
    c.update(trailer, 0, 12);
    return (int) c.getValue();
  }

  /** Checks the size, the magic and the format version (readers check these first). */
  static void checkPreamble(String file, byte[] pre, long size) throws CorruptStagingFileException {
    FieldReader r = new FieldReader(file, pre, 0, pre.length);
    if (size < PREAMBLE + TRAILER) {
      throw r.corrupt("size", size + " bytes, a pack has at least " + (PREAMBLE + TRAILER));
    }
    if (!Arrays.equals(r.bytes("magic", 8), MAGIC)) {
      throw r.corrupt("magic", "not FERRYSPK");
    }
    int v = r.u31("version");
    if (v != VERSION) {
      throw r.corrupt("version", "format version " + v + " is not supported (1 is)");
    }
  }

  /** The meta length from a trailer, after its magic and total length are checked. */
  static int metaLength(String file, byte[] trailer, long size) throws CorruptStagingFileException {
    FieldReader r = new FieldReader(file, trailer, 0, TRAILER);
    if (!Arrays.equals(Arrays.copyOfRange(trailer, 16, 24), END_MAGIC)) {
      throw r.corrupt("endMagic", "not FERRYEND: truncated or torn");
    }
    int m = r.u31("metaLength");
    long total = r.u63("totalLength");
    if (total != size) {
      throw r.corrupt("totalLength", total + " but the file has " + size + " bytes");
    }
    if (m > MAX_META || m > size - PREAMBLE - TRAILER) {
      throw r.corrupt("metaLength", m + " does not fit in " + size + " bytes");
    }
    return m;
  }

  /** Decodes a whole pack held in memory (tests, fuzzing): the same checks as {@link PackFile}. */
  static PackLayout decodeWhole(String file, byte[] b, long expectedId, PackState state)
      throws CorruptStagingFileException {
    checkPreamble(file, Arrays.copyOf(b, Math.min(b.length, PREAMBLE)), b.length);
    byte[] trailer = Arrays.copyOfRange(b, b.length - TRAILER, b.length);
    int m = metaLength(file, trailer, b.length);
    byte[] meta = Arrays.copyOfRange(b, b.length - TRAILER - m, b.length - TRAILER);
    return decode(file, Arrays.copyOf(b, PREAMBLE), meta, trailer, b.length, expectedId, state);
  }

  static PackLayout decode(
      String file,
      byte[] pre,
      byte[] meta,
      byte[] trailer,
      long size,
      long expectedId,
      PackState state)
      throws CorruptStagingFileException {
    FieldReader p = new FieldReader(file, pre, 12, 12);
    if (crc(pre, meta, trailer) != ByteBuffer.wrap(trailer).getInt(12)) {
      throw p.corrupt("crc", "CRC32C mismatch over preamble, meta section and trailer");
    }
    int kind = p.u8("kind");
    if (kind != PackLayout.KIND_VERSION && kind != PackLayout.KIND_RESIDUE) {
      throw p.corrupt("kind", "unknown kind " + kind);
    }
    for (int i = 0; i < 3; i++) {
      if (p.u8("reserved") != 0) {
        throw p.corrupt("reserved", "must be 0");
      }
    }
    long id = p.u63("stageId");
    if (id == 0 || id != expectedId) {
      throw p.corrupt("stageId", id + " but the file name says " + expectedId);
    }
    if (state.isVersion() && kind != PackLayout.KIND_VERSION) {
      throw p.corrupt("kind", "a " + state.suffix() + " file must hold a VERSION pack");
    }
    PackLayout l = MetaDecoder.decode(new FieldReader(file, meta, 0, meta.length), kind, id);
    if (l.presentBytes() != size - PREAMBLE - TRAILER - meta.length) {
      throw p.corrupt(
          "dataLength",
          "rows hold "
              + l.presentBytes()
              + " bytes, data section has "
              + (size - PREAMBLE - TRAILER - meta.length));
    }
    return l;
  }
}
