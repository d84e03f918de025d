package dev.ferry.monitor.journal;

import static dev.ferry.monitor.journal.RecordBytes.checkNonEmpty;
import static dev.ferry.monitor.journal.RecordBytes.checkRelative;
import static dev.ferry.monitor.journal.RecordBytes.getString;
import static dev.ferry.monitor.journal.RecordBytes.putString;
import static dev.ferry.monitor.journal.RecordBytes.strLength;

import dev.ferry.monitor.blockmap.BlockMap;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Binary form of {@link ChangeRecord}: writes format version 2, reads versions 1 and 2; the layout
 * tables are in src-docs/change-record.md. Big-endian, so headers read in a hex dump.
 *
 * <p>Decoding is strict: every length is checked against the bytes present before use, the CRC32C
 * is verified before any field is trusted, and any violation is a {@link CorruptRecordException}
 * naming the field. Stateless and thread-safe.
 */
public final class ChangeRecordCodec {
  /** "FRCR" */
  public static final int MAGIC = 0x46524352;

  /** The version written. */
  public static final int VERSION = 2;

  /** Offset of the first string in version 2. */
  static final int FIXED_HEADER = 80;

  /** Offset of the first string in version 1. */
  static final int FIXED_HEADER_V1 = 64;

  /** Smallest version-2 record: header, six absent-or-empty strings, block count, CRC. */
  static final int MIN_LENGTH = FIXED_HEADER + 6 * 2 + 4 + 4;

  /** Smallest version-1 record: header, five strings, block count, CRC. */
  static final int MIN_LENGTH_V1 = FIXED_HEADER_V1 + 5 * 2 + 4 + 4;

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
            + strLength(r.hostId(), "hostId")
            + strLength(r.root(), "root")
            + strLength(r.path(), "path")
            + strLength(r.renamedFrom(), "renamedFrom")
            + strLength(r.policyClass(), "policyClass")
            + strLength(r.linkTarget(), "linkTarget")
            + 4
            + (long) RecordBytes.BLOCK_ENTRY * r.blocks().blocks().size()
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
    b.putInt(MAGIC).put((byte) VERSION).put((byte) r.kind().code());
    b.put((byte) r.type().code()).put((byte) 0).putInt(len);
    b.putLong(r.device()).putLong(r.inode()).putLong(r.size());
    b.putLong(r.mtimeNanos()).putLong(r.ctimeNanos()).putInt(r.mode());
    b.putLong(r.detectedAtNanos()).putLong(r.savedAtNanos()).putLong(r.stageId());
    putString(b, r.hostId());
    putString(b, r.root());
    putString(b, r.path());
    putString(b, r.renamedFrom());
    putString(b, r.policyClass());
    putString(b, r.linkTarget());
    RecordBytes.putBlocks(b, r.blocks());
    CRC32C crc = new CRC32C();
    crc.update(dst, off, len - 4);
    b.putInt((int) crc.getValue());
    return len;
  }

  /** Decodes exactly one record, of version 1 or 2, occupying {@code bytes[off, off + len)}. */
  public static ChangeRecord decode(byte[] bytes, int off, int len) {
    if (off < 0 || len < 0 || off > bytes.length - len) {
      throw new CorruptRecordException("recordLength", "range outside the buffer");
    }
    if (len < MIN_LENGTH_V1) {
      throw new CorruptRecordException(
          "recordLength", len + " bytes, the minimum is " + MIN_LENGTH_V1);
    }
    ByteBuffer b = ByteBuffer.wrap(bytes, off, len).slice();
    if (b.getInt() != MAGIC) {
      throw new CorruptRecordException("magic", "not FRCR");
    }
    int version = b.get() & 0xff;
    if (version != 1 && version != 2) {
      throw new CorruptRecordException("version", "unsupported version " + version);
    }
    if (version == 2 && len < MIN_LENGTH) {
      throw new CorruptRecordException(
          "recordLength", len + " bytes, the minimum for version 2 is " + MIN_LENGTH);
    }
    int kindCode = b.get() & 0xff;
    int typeCode = version == 1 ? FileType.REGULAR.code() : b.get() & 0xff;
    int flags = version == 1 ? b.getShort() & 0xffff : b.get() & 0xff;
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
    FileType type = FileType.ofCode(typeCode);
    if (type == null) {
      throw new CorruptRecordException("type", "unknown code " + typeCode);
    }
    if (flags != 0) {
      throw new CorruptRecordException("flags", "reserved bits set: " + flags);
    }
    long device = b.getLong();
    long inode = b.getLong();
    long size = b.getLong();
    long mtime = b.getLong();
    long ctime = version == 1 ? ChangeRecord.UNKNOWN_CTIME : b.getLong();
    int mode = b.getInt();
    long detectedAt = b.getLong();
    long savedAt = b.getLong();
    long stageId = version == 1 ? ChangeRecord.NOT_STAGED : b.getLong();
    if (size < 0) {
      throw new CorruptRecordException("size", "negative: " + size);
    }
    if ((mode & ~07777) != 0) {
      throw new CorruptRecordException(
          "mode", "bits outside 07777: " + Integer.toOctalString(mode));
    }
    boolean contentless = kind == ChangeKind.DELETED || type == FileType.SYMLINK;
    if (stageId < 0 || (contentless && stageId != ChangeRecord.NOT_STAGED)) {
      throw new CorruptRecordException("stageId", stageId + " is not allowed here");
    }
    int limit = len - 4;
    String hostId = getString(b, limit, "hostId", false);
    String root = getString(b, limit, "root", false);
    String path = getString(b, limit, "path", false);
    String renamedFrom = getString(b, limit, "renamedFrom", true);
    String policyClass = getString(b, limit, "policyClass", false);
    String linkTarget = version == 1 ? null : getString(b, limit, "linkTarget", true);
    checkNonEmpty(hostId, "hostId");
    checkNonEmpty(root, "root");
    checkRelative(path, "path");
    if ((kind == ChangeKind.RENAMED) != (renamedFrom != null)) {
      throw new CorruptRecordException("renamedFrom", "must be present exactly for RENAMED");
    }
    if (renamedFrom != null) {
      checkRelative(renamedFrom, "renamedFrom");
    }
    if ((type == FileType.SYMLINK && kind != ChangeKind.DELETED) != (linkTarget != null)) {
      throw new CorruptRecordException(
          "linkTarget", "must be present exactly for links not DELETED");
    }
    if (linkTarget != null && (linkTarget.isEmpty() || linkTarget.indexOf('\0') >= 0)) {
      throw new CorruptRecordException("linkTarget", "empty or contains NUL");
    }
    BlockMap blocks = RecordBytes.getBlocks(b, limit, contentless, size);
    if (b.position() != limit) {
      throw new CorruptRecordException("crc", (limit - b.position()) + " stray bytes before CRC");
    }
    return new ChangeRecord(
        hostId,
        root,
        path,
        kind,
        renamedFrom,
        type,
        linkTarget,
        device,
        inode,
        size,
        mtime,
        ctime,
        mode,
        policyClass,
        detectedAt,
        savedAt,
        stageId,
        blocks);
  }
}
