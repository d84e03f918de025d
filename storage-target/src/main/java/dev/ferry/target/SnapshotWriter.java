package dev.ferry.target;

import java.io.IOException;

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
