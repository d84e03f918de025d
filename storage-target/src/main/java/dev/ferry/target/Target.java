package dev.ferry.target;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What every storage target offers the copy manager, whatever holds the bytes: deduplicated chunks,
 * snapshots written by one writer at a time and committed atomically, and reading them back. {@link
 * DiskTarget} is the one for disks; {@code memory.MemoryTarget} keeps everything in memory, for
 * fast tests. Maintenance that depends on the medium (verify, prune, restore into a folder) is
 * offered by each implementation on its own.
 *
 * <p>The contract, which {@code TargetContract} in the tests checks for every implementation:
 *
 * <ul>
 *   <li>A snapshot is invisible until its writer's {@link SnapshotWriter#commit} returns, then
 *       complete; a writer closed without commit leaves no trace of its snapshot.
 *   <li>One writer at a time: {@link #newSnapshot} (and {@link #forget}) while a writer is open
 *       throws {@link TargetLockedException} at once.
 *   <li>A snapshot starts as a copy of its parent's entries; committing an id that exists replaces
 *       that snapshot.
 *   <li>A chunk is stored once, whatever the number of files and snapshots using it; {@link
 *       #readFile} hands out a file's bytes only after checking each chunk's SHA-256.
 *   <li>A host's newest snapshot (by time and by id) cannot be forgotten.
 * </ul>
 *
 * <p>Implementations say in their javadoc what holds across threads and processes.
 */
public interface Target extends AutoCloseable {
  /** True if the target holds the chunk, so a writer need not send its bytes. */
  boolean hasChunk(ChunkHash h);

  /**
   * Starts a snapshot as one writer.
   *
   * @throws TargetLockedException if another writer is open
   * @throws SnapshotNotFoundException if the parent does not exist
   */
  SnapshotWriter newSnapshot(long id, String host, OptionalLong parentId) throws IOException;

  /** Every readable snapshot, by id. */
  List<SnapshotInfo> snapshots() throws IOException;

  /** The snapshot with the highest id, if any. */
  default Optional<SnapshotInfo> latest() throws IOException {
    List<SnapshotInfo> all = snapshots();
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  /**
   * One snapshot, all its entries in path order.
   *
   * @throws SnapshotNotFoundException if there is none with this id
   */
  Snapshot readSnapshot(long id) throws IOException;

  /**
   * Writes a regular file's bytes to {@code out}, each chunk checked first; output may be partial
   * if this throws.
   */
  void readFile(FileEntry e, OutputStream out) throws IOException;

  /**
   * Forgets snapshots, all or none as far as checks go.
   *
   * @return the snapshots forgotten, in id order
   * @throws SnapshotNotFoundException if an id is not on the target
   * @throws NewestSnapshotException if an id is the newest snapshot of its host
   * @throws TargetLockedException if a writer is open
   */
  List<SnapshotInfo> forget(Collection<Long> ids) throws IOException;

  @Override
  void close();
}
