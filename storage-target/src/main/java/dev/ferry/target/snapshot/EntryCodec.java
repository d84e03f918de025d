package dev.ferry.target.snapshot;

import dev.ferry.target.ChunkHash;
import dev.ferry.target.ChunkRef;
import dev.ferry.target.FileEntry;
import dev.ferry.target.container.FieldReader;
import dev.ferry.target.container.FieldWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One entry's bytes, as inline roots (versions 1 and 2) and segment files lay them out (layout in
 * {@code target-format.md}, "Snapshot root"). Stateless and thread-safe.
 */
final class EntryCodec {
  /** Entry kinds on disk (root version 2 onwards, and every segment). */
  static final int KIND_REGULAR_FILE = 0;

  static final int KIND_SYMLINK = 1;

  /** Version 1: path length(2) + size(8) + mtime(8) + mode(4) + chunk count(4). */
  static final int MIN_ENTRY_V1 = 26;

  /** Version 2, a link: path length(2) + kind(1) + mtime(8) + target length(2). */
  static final int MIN_ENTRY_V2 = 13;

  /** hash(32) + length(4). */
  private static final int CHUNK_REF = 36;

  private EntryCodec() {}

  /** Writes {@code e} with a kind byte (root version 2, segments). */
  static void write(FieldWriter w, FileEntry e) {
    w.utf8(e.path());
    switch (e.kind()) {
      case REGULAR_FILE -> writeRegularFile(w.u8(KIND_REGULAR_FILE), e);
      case SYMLINK -> w.u8(KIND_SYMLINK).s64(e.mtimeNanos()).utf8(e.linkTarget());
    }
  }

  /** What {@link #write} takes for {@code e}, to size segments before encoding them. */
  static int encodedSize(FileEntry e) {
    int path = 2 + e.path().getBytes(StandardCharsets.UTF_8).length + 1;
    return e.isSymlink()
        ? path + 8 + 2 + e.linkTarget().getBytes(StandardCharsets.UTF_8).length
        : path + 24 + CHUNK_REF * e.chunks().size();
  }

  private static void writeRegularFile(FieldWriter w, FileEntry e) {
    w.s64(e.size()).s64(e.mtimeNanos()).s32(e.mode()).s32(e.chunks().size());
    for (ChunkRef c : e.chunks()) {
      w.bytes(c.hash().toBytes()).s32(c.length());
    }
  }

  /** Reads one entry; {@code withKind} false for root version 1, which has no kind byte. */
  static FileEntry read(FieldReader r, boolean withKind) throws IOException {
    String path = r.utf8("path");
    int kind = withKind ? r.u8("kind of " + path) : KIND_REGULAR_FILE;
    try {
      switch (kind) {
        case KIND_REGULAR_FILE:
          return readRegularFile(r, path);
        case KIND_SYMLINK:
          return readSymlink(r, path);
        default:
          // A new kind comes with a new version (bodies carry no length to skip them by).
          throw r.fail("unknown kind " + kind + " of " + path);
      }
    } catch (IllegalArgumentException e) {
      // Includes InvalidEntryPathException and InvalidLinkTargetException: a hostile path or link
      // text is a corrupt snapshot, never restored.
      throw r.fail(e.getMessage());
    }
  }

  private static FileEntry readSymlink(FieldReader r, String path) throws IOException {
    long mtime = r.s64("mtime of " + path);
    return FileEntry.symlink(path, r.utf8("link target of " + path), mtime);
  }

  private static FileEntry readRegularFile(FieldReader r, String path) throws IOException {
    long size = r.u63("size of " + path);
    long mtime = r.s64("mtime of " + path);
    int mode = r.s32("mode of " + path);
    int count = r.count(CHUNK_REF, "chunk count of " + path);
    List<ChunkRef> chunks = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ChunkHash h = ChunkHash.fromBytes(r.bytes(ChunkHash.LENGTH, "chunk hash of " + path));
      chunks.add(new ChunkRef(h, r.u31("chunk length of " + path)));
    }
    return FileEntry.regularFile(path, size, mtime, mode, chunks);
  }
}
