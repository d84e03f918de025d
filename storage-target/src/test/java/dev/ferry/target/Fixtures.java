package dev.ferry.target;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Test helpers: deterministic content and a fixed-size chunker standing in for the real one. */
final class Fixtures {
  static final long MTIME = 1_700_000_000_123_456_789L;

  private Fixtures() {}

  static byte[] bytes(long seed, int len) {
    byte[] b = new byte[len];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** Stores {@code content} in chunks of {@code chunkSize} and adds the file entry. */
  static FileEntry put(SnapshotWriter w, String path, byte[] content, int chunkSize, int mode)
      throws IOException {
    List<ChunkRef> refs = new ArrayList<>();
    for (int off = 0; off < content.length; off += chunkSize) {
      int len = Math.min(chunkSize, content.length - off);
      ChunkHash h = ChunkHash.of(content, off, len);
      w.putChunk(h, content, off, len, path);
      refs.add(new ChunkRef(h, len));
    }
    FileEntry e = new FileEntry(path, content.length, MTIME, mode, refs);
    w.putFile(e);
    return e;
  }

  static FileEntry put(SnapshotWriter w, String path, byte[] content) throws IOException {
    return put(w, path, content, 4096, 0644);
  }

  static byte[] read(DiskTarget t, FileEntry e) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    t.readFile(e, out);
    return out.toByteArray();
  }
}
