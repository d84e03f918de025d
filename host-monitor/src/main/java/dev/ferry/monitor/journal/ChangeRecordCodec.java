package dev.ferry.monitor.journal;

import dev.ferry.monitor.blockmap.Block;
import dev.ferry.monitor.blockmap.BlockMap;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Binary format version 1 of {@link ChangeRecord}; the layout table is in
 * src-docs/change-record.md. Big-endian, so headers read in a hex dump.
 *
 * <p>Decoding is strict: every length is checked against the bytes present before use, the CRC32C
 * is verified before any field is trusted, and any violation is a {@link CorruptRecordException}
 * naming the field. Stateless and thread-safe.
 */
public final class ChangeRecordCodec {
  /** "FRCR" */
  public static final int MAGIC = 0x46524352;

  public static final int VERSION = 1;

  /** Offset of the first string; the fixed header before it is 64 bytes. */
  static final int FIXED_HEADER = 64;

  static final int BLOCK_ENTRY = 12;
  static final int MAX_STRING = 0xFFFE;
  static final int ABSENT = 0xFFFF;

  /** Smallest possible record: header, five empty strings, block count, CRC. */
  static final int MIN_LENGTH = FIXED_HEADER + 5 * 2 + 4 + 4;

  private ChangeRecordCodec() {}

  /** Encodes into a new array. */
  public static byte[] encode(ChangeRecord r) {
    byte[] out = new byte[encodedLength(r)];
    encodeInto(r, out, 0);
    return out;
  }

  /** The exact length {@link #encodeInto} will write. */
  public static int encodedLength(ChangeRecord r) {
    long n =
        FIXED_HEADER
            + 2L
            + utf8Length(r.hostId(), "hostId")
            + 2
            + utf8Length(r.root(), "root")
            + 2
            + utf8Length(r.path(), "path")
            + 2
            + (r.renamedFrom() == null ? 0 : utf8Length(r.renamedFrom(), "renamedFrom"))
            + 2
            + utf8Length(r.policyClass(), "policyClass")
            + 4
            + (long) BLOCK_ENTRY * r.blocks().blocks().size()
            + 4;
    if (n > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("record too large: " + r.path());
    }
    return (int) n;
  }

  /**
   * Encodes {@code r} into {@code dst} at {@code off} without allocating; {@code dst} must have
   * {@link #encodedLength} bytes free there.
   *
   * @return the number of bytes written
   */
  public static int encodeInto(ChangeRecord r, byte[] dst, int off) {
    int len = encodedLength(r);
    ByteBuffer b = ByteBuffer.wrap(dst, off, len);
    b.putInt(MAGIC).put((byte) VERSION).put((byte) r.kind().code()).putShort((short) 0);
    b.putInt(len);
    b.putLong(r.device()).putLong(r.inode()).putLong(r.size()).putLong(r.mtimeNanos());
    b.putInt(r.mode()).putLong(r.detectedAtNanos()).putLong(r.savedAtNanos());
    putString(b, r.hostId());
    putString(b, r.root());
    putString(b, r.path());
    putString(b, r.renamedFrom());
    putString(b, r.policyClass());
    List<Block> blocks = r.blocks().blocks();
    b.putInt(blocks.size());
    for (int i = 0; i < blocks.size(); i++) {
      Block blk = blocks.get(i);
      b.putInt(blk.length()).putLong(blk.fingerprint());
    }
    CRC32C crc = new CRC32C();
    crc.update(dst, off, len - 4);
    b.putInt((int) crc.getValue());
    return len;
  }

  /** Decodes exactly one record occupying {@code bytes[off, off + len)}. */
  public static ChangeRecord decode(byte[] bytes, int off, int len) {
    if (off < 0 || len < 0 || off > bytes.length - len) {
      throw new CorruptRecordException("recordLength", "range outside the buffer");
    }
    if (len < MIN_LENGTH) {
      throw new CorruptRecordException(
          "recordLength", len + " bytes, the minimum is " + MIN_LENGTH);
    }
    ByteBuffer b = ByteBuffer.wrap(bytes, off, len).slice();
    if (b.getInt() != MAGIC) {
      throw new CorruptRecordException("magic", "not FRCR");
    }
    int version = b.get() & 0xff;
    if (version != VERSION) {
      throw new CorruptRecordException("version", "unsupported version " + version);
    }
    int kindCode = b.get() & 0xff;
    int flags = b.getShort() & 0xffff;
    int recordLength = b.getInt();
    if (recordLength != len) {
      throw new CorruptRecordException(
          "recordLength", "says " + recordLength + " but " + len + " bytes are present");
    }
    CRC32C crc = new CRC32C();
    crc.update(bytes, off, len - 4);
    if ((int) crc.getValue() != b.getInt(len - 4)) {
      throw new CorruptRecordException("crc", "CRC32C mismatch");
    }
    ChangeKind kind = ChangeKind.ofCode(kindCode);
    if (kind == null) {
      throw new CorruptRecordException("kind", "unknown code " + kindCode);
    }
    if (flags != 0) {
      throw new CorruptRecordException("flags", "reserved bits set: " + flags);
    }
    long device = b.getLong();
    long inode = b.getLong();
    long size = b.getLong();
    long mtime = b.getLong();
    int mode = b.getInt();
    long detectedAt = b.getLong();
    long savedAt = b.getLong();
    if (size < 0) {
      throw new CorruptRecordException("size", "negative: " + size);
    }
    if ((mode & ~07777) != 0) {
      throw new CorruptRecordException(
          "mode", "bits outside 07777: " + Integer.toOctalString(mode));
    }
    int limit = len - 4;
    String hostId = getString(b, limit, "hostId", false);
    String root = getString(b, limit, "root", false);
    String path = getString(b, limit, "path", false);
    String renamedFrom = getString(b, limit, "renamedFrom", true);
    String policyClass = getString(b, limit, "policyClass", false);
    checkNonEmpty(hostId, "hostId");
    checkNonEmpty(root, "root");
    checkRelative(path, "path");
    if ((kind == ChangeKind.RENAMED) != (renamedFrom != null)) {
      throw new CorruptRecordException("renamedFrom", "must be present exactly for RENAMED");
    }
    if (renamedFrom != null) {
      checkRelative(renamedFrom, "renamedFrom");
    }
    BlockMap blocks = getBlocks(b, limit, kind, size);
    if (b.position() != limit) {
      throw new CorruptRecordException("crc", (limit - b.position()) + " stray bytes before CRC");
    }
    return new ChangeRecord(
        hostId,
        root,
        path,
        kind,
        renamedFrom,
        device,
        inode,
        size,
        mtime,
        mode,
        policyClass,
        detectedAt,
        savedAt,
        blocks);
  }

  private static BlockMap getBlocks(ByteBuffer b, int limit, ChangeKind kind, long size) {
    need(b, limit, 4, "blockCount");
    int count = b.getInt();
    if (count < 0 || count > (limit - b.position()) / BLOCK_ENTRY) {
      throw new CorruptRecordException(
          "blockCount", count + " blocks do not fit in " + (limit - b.position()) + " bytes");
    }
    if (kind == ChangeKind.DELETED && count != 0) {
      throw new CorruptRecordException("blockCount", "DELETED records carry no blocks");
    }
    List<Block> list = new ArrayList<>(count);
    long offset = 0;
    for (int i = 0; i < count; i++) {
      int length = b.getInt();
      long fp = b.getLong();
      if (length <= 0) {
        throw new CorruptRecordException("block[" + i + "].length", "not positive: " + length);
      }
      list.add(new Block(offset, length, fp));
      offset += length;
    }
    if (kind != ChangeKind.DELETED && offset != size) {
      throw new CorruptRecordException(
          "blockCount", "block lengths sum to " + offset + ", size is " + size);
    }
    return new BlockMap(list);
  }

  private static void need(ByteBuffer b, int limit, int n, String field) {
    if (limit - b.position() < n) {
      throw new CorruptRecordException(field, "truncated: needs " + n + " bytes");
    }
  }

  private static String getString(ByteBuffer b, int limit, String field, boolean nullable) {
    need(b, limit, 2, field);
    int n = b.getShort() & 0xffff;
    if (n == ABSENT) {
      if (!nullable) {
        throw new CorruptRecordException(field, "absent but required");
      }
      return null;
    }
    need(b, limit, n, field);
    ByteBuffer slice = b.slice().limit(n);
    b.position(b.position() + n);
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(slice)
          .toString();
    } catch (CharacterCodingException e) {
      throw new CorruptRecordException(field, "invalid UTF-8");
    }
  }

  private static void checkNonEmpty(String s, String field) {
    if (s.isEmpty()) {
      throw new CorruptRecordException(field, "empty");
    }
  }

  /** Relative, '/'-separated, no empty, "." or ".." segments: a restore must not escape root. */
  private static void checkRelative(String p, String field) {
    checkNonEmpty(p, field);
    for (String seg : p.split("/", -1)) {
      if (seg.isEmpty() || seg.equals(".") || seg.equals("..")) {
        throw new CorruptRecordException(field, "not a normalized relative path: " + p);
      }
    }
    if (p.indexOf('\0') >= 0) {
      throw new CorruptRecordException(field, "contains NUL");
    }
  }

  private static void putString(ByteBuffer b, String s) {
    if (s == null) {
      b.putShort((short) ABSENT);
      return;
    }
    int lenPos = b.position();
    b.putShort((short) 0);
    int start = b.position();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        b.put((byte) c);
      } else if (c < 0x800) {
        b.put((byte) (0xC0 | (c >> 6))).put((byte) (0x80 | (c & 0x3F)));
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        b.put((byte) (0xF0 | (cp >> 18)))
            .put((byte) (0x80 | ((cp >> 12) & 0x3F)))
            .put((byte) (0x80 | ((cp >> 6) & 0x3F)))
            .put((byte) (0x80 | (cp & 0x3F)));
      } else {
        if (Character.isSurrogate(c)) {
          // A lone surrogate has no UTF-8 form: write U+FFFD (3 bytes, as utf8Length counts).
          b.put((byte) 0xEF).put((byte) 0xBF).put((byte) 0xBD);
          continue;
        }
        b.put((byte) (0xE0 | (c >> 12)))
            .put((byte) (0x80 | ((c >> 6) & 0x3F)))
            .put((byte) (0x80 | (c & 0x3F)));
      }
    }
    b.putShort(lenPos, (short) (b.position() - start));
  }

  private static int utf8Length(String s, String field) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n += 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    if (n > MAX_STRING) {
      throw new IllegalArgumentException(field + " longer than " + MAX_STRING + " UTF-8 bytes");
    }
    return n;
  }
}
