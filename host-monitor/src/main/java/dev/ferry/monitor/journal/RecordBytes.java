package dev.ferry.monitor.journal;

import dev.ferry.monitor.blockmap.Block;
import dev.ferry.monitor.blockmap.BlockMap;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The field encodings every version of the change record shares (src-docs/change-record.md): {@code
 * str}, the block list, path rules. Reads check every length against the bytes left before the CRC
 * and throw {@link CorruptRecordException} naming the field.
 */
final class RecordBytes {
  static final int BLOCK_ENTRY = 12;
  static final int MAX_STRING = 0xFFFE;
  static final int ABSENT = 0xFFFF;

  private RecordBytes() {}

  static void need(ByteBuffer b, int limit, int n, String field) {
    if (limit - b.position() < n) {
      throw new CorruptRecordException(field, "truncated: needs " + n + " bytes");
    }
  }

  static String getString(ByteBuffer b, int limit, String field, boolean nullable) {
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

  /**
   * The block list; its lengths must sum to {@code size} unless the record carries no content
   * ({@code contentless}: DELETED, links), which must have none.
   */
  static BlockMap getBlocks(ByteBuffer b, int limit, boolean contentless, long size) {
    need(b, limit, 4, "blockCount");
    int count = b.getInt();
    if (count < 0 || count > (limit - b.position()) / BLOCK_ENTRY) {
      throw new CorruptRecordException(
          "blockCount", count + " blocks do not fit in " + (limit - b.position()) + " bytes");
    }
    if (contentless && count != 0) {
      throw new CorruptRecordException("blockCount", "DELETED records and links carry no blocks");
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
    if (!contentless && offset != size) {
      throw new CorruptRecordException(
          "blockCount", "block lengths sum to " + offset + ", size is " + size);
    }
    return new BlockMap(list);
  }

  static void putBlocks(ByteBuffer b, BlockMap map) {
    List<Block> blocks = map.blocks();
    b.putInt(blocks.size());
    for (int i = 0; i < blocks.size(); i++) {
      Block blk = blocks.get(i);
      b.putInt(blk.length()).putLong(blk.fingerprint());
    }
  }

  static void checkNonEmpty(String s, String field) {
    if (s.isEmpty()) {
      throw new CorruptRecordException(field, "empty");
    }
  }

  /** Relative, '/'-separated, no empty, "." or ".." segments: a restore must not escape root. */
  static void checkRelative(String p, String field) {
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

  /** Writes {@code s} as {@code str}; null as absent. Lone surrogates become U+FFFD. */
  static void putString(ByteBuffer b, String s) {
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
      } else if (Character.isSurrogate(c)) {
        // A lone surrogate has no UTF-8 form: write U+FFFD (3 bytes, as utf8Length counts).
        b.put((byte) 0xEF).put((byte) 0xBF).put((byte) 0xBD);
      } else {
        b.put((byte) (0xE0 | (c >> 12)))
            .put((byte) (0x80 | ((c >> 6) & 0x3F)))
            .put((byte) (0x80 | (c & 0x3F)));
      }
    }
    b.putShort(lenPos, (short) (b.position() - start));
  }

  /** The {@code str} length of {@code s} (2 + UTF-8 bytes); 2 for null. */
  static int strLength(String s, String field) {
    if (s == null) {
      return 2;
    }
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
    return 2 + n;
  }
}
