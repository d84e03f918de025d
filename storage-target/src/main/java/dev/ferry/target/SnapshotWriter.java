package dev.ferry.target;

import java.io.IOException;
import java.util.Objects;

/**
 * Builds one snapshot while holding the target's single-writer lock. Not thread-safe: one thread
 * drives a writer. Chunks may land on disk before {@link #commit}, but nothing a reader trusts
 * changes until commit writes the index and then the snapshot root.
 */
public interface SnapshotWriter extends AutoCloseable {
  /**
   * Stores the chunk unless the target (or this writer) already has it; returns where it lives.
   * filePath: the entry path that first brought this chunk, recorded in the container header
   * (self-describing). Verifies h matches the bytes.
   *
   * @throws ChunkHashMismatchException if the bytes do not hash to {@code h}
   * @throws InvalidEntryPathException if {@code filePath} is not a valid entry path
   */
  ChunkLocation putChunk(ChunkHash h, byte[] buf, int off, int len, String filePath)
      throws IOException;

  /**
   * What {@link #putChunk} checks before storing anything, for implementations: a valid entry path,
   * and bytes that hash to {@code h}.
   *
   * @throws ChunkHashMismatchException if the bytes do not hash to {@code h}
   * @throws InvalidEntryPathException if {@code filePath} is not a valid entry path
   */
  static void checkChunk(ChunkHash h, byte[] buf, int off, int len, String filePath)
      throws ChunkHashMismatchException {
    Objects.requireNonNull(h, "h");
    FileEntry.checkPath(filePath);
    ChunkHash actual = ChunkHash.of(buf, off, len);
    if (!actual.equals(h)) {
      throw new ChunkHashMismatchException(h, actual, filePath);
    }
  }

  /**
   * What {@link #putFile} checks of each chunk, for implementations: that the file lists it with
   * the plain length it is stored with.
   *
   * @throws IllegalStateException if the lengths differ
   */
  static void checkStoredLength(ChunkRef ref, String path, int storedLength) {
    if (storedLength != ref.length()) {
      throw new IllegalStateException(
          "chunk "
              + ref.hash()
              + " of "
              + path
              + " has length "
              + ref.length()
              + " but is stored with length "
              + storedLength);
    }
  }

  /**
   * As {@link #putChunk}, without hashing the bytes again: for a caller that computed {@code h}
   * from exactly {@code buf[off, off+len)} itself just before (the drain hashes each chunk it reads
   * to look it up, and a second SHA-256 per chunk was a fifth of its CPU). A wrong {@code h} is not
   * caught here: the bytes would be stored under another chunk's name, later snapshots would
   * deduplicate against it, and only restore and verify, which hash every chunk they read, would
   * notice. A caller that got the hash from anywhere else (a client, a catalog, a file) must use
   * {@link #putChunk}. Why: {@code src-docs/decisions/0013-trusted-chunk-hash.md}.
   *
   * @throws InvalidEntryPathException if {@code filePath} is not a valid entry path
   */
  default ChunkLocation putHashedChunk(ChunkHash h, byte[] buf, int off, int len, String filePath)
      throws IOException {
    // A target that does not save the hash just checks it, as putChunk always does.
    return putChunk(h, buf, off, len, filePath);
  }

  /**
   * Adds or replaces an entry (a regular file or a symbolic link) by path, whatever the kind of the
   * entry it replaces; every chunk of a file must be present already.
   *
   * @throws IllegalStateException if a chunk is missing or its length disagrees with the store
   */
  void putFile(FileEntry e) throws IOException;

  /** Drops an entry of any kind from the snapshot; an absent path is a no-op. */
  void removeFile(String path) throws IOException;

  /**
   * Makes the snapshot durable: containers, then index, then snapshot root, each temp, fsync,
   * rename, fsync dir. Releases the lock. Replaces an existing snapshot with the same id.
   */
  SnapshotInfo commit() throws IOException;

  /** Without commit: abort, delete temp files and this writer's containers, release the lock. */
  @Override
  void close();
}
