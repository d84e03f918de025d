package dev.ferry.target;

import dev.ferry.target.container.Checksums;
import dev.ferry.target.container.FieldWriter;
import java.nio.charset.StandardCharsets;

/**
 * Snapshot root bytes built by hand from the layout in {@code target-format.md}, independently of
 * {@code SnapshotCodec}: a version 1 encoder (the code no longer writes version 1) and raw version
 * 2 entries a well-behaved writer would never produce, with valid checksums.
 */
final class RootBytes {
  private RootBytes() {}

  /** A version 1 root, as the version 1 writer laid it out; regular files only. */
  static byte[] version1(Snapshot s) {
    FieldWriter entries = new FieldWriter(256);
    for (FileEntry e : s.entries()) {
      if (!e.isRegularFile()) {
        throw new IllegalArgumentException("version 1 holds regular files only: " + e.path());
      }
      entries.utf8(e.path()).s64(e.size()).s64(e.mtimeNanos()).s32(e.mode());
      entries.s32(e.chunks().size());
      for (ChunkRef c : e.chunks()) {
        entries.bytes(c.hash().toBytes()).s32(c.length());
      }
    }
    return root(1, s.info(), entries.toByteArray());
  }

  /** A root of any version number with the given summary and raw entry bytes. */
  static byte[] root(int version, SnapshotInfo info, byte[] entries) {
    FieldWriter w = new FieldWriter(256 + entries.length);
    w.bytes("FERRYSNP".getBytes(StandardCharsets.US_ASCII)).s32(version).s64(info.id());
    w.u8(info.parentId().isPresent() ? 1 : 0).s64(info.parentId().orElse(0));
    w.s64(info.createdAt().getEpochSecond()).s32(info.createdAt().getNano());
    w.utf8(info.host()).s32(info.fileCount()).s64(info.totalBytes());
    byte[] summary = w.toByteArray();
    w.s32(Checksums.crc32c(summary, 0, summary.length));
    w.bytes(entries);
    return Checksums.withCrcTrailer(w);
  }

  /** A version 2 link entry whose text is any bytes, length-prefixed as a str16. */
  static byte[] linkEntry(String path, byte[] text) {
    FieldWriter w = new FieldWriter(16 + text.length);
    w.utf8(path).u8(1).s64(Fixtures.MTIME).u16(text.length).bytes(text);
    return w.toByteArray();
  }

  /** A version 2 entry with any kind byte and body. */
  static byte[] entry(String path, int kind, byte[] body) {
    return new FieldWriter(16 + body.length).utf8(path).u8(kind).bytes(body).toByteArray();
  }

  /** A version 2 empty regular file entry. */
  static byte[] emptyFileEntry(String path) {
    FieldWriter body = new FieldWriter(24).s64(0).s64(Fixtures.MTIME).s32(0644).s32(0);
    return entry(path, 0, body.toByteArray());
  }

  static byte[] concat(byte[]... parts) {
    FieldWriter w = new FieldWriter(256);
    for (byte[] p : parts) {
      w.bytes(p);
    }
    return w.toByteArray();
  }
}
