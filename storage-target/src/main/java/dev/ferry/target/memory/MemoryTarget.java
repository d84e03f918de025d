package dev.ferry.target.memory;

import dev.ferry.target.ChunkCorruptException;
import dev.ferry.target.ChunkHash;
import dev.ferry.target.ChunkNotFoundException;
import dev.ferry.target.ChunkRef;
import dev.ferry.target.DiskTarget;
import dev.ferry.target.FileEntry;
import dev.ferry.target.ForgetRule;
import dev.ferry.target.PathOrder;
import dev.ferry.target.Snapshot;
import dev.ferry.target.SnapshotInfo;
import dev.ferry.target.SnapshotNotFoundException;
import dev.ferry.target.SnapshotWriter;
import dev.ferry.target.Target;
import dev.ferry.target.TargetLockedException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * A target in memory (see the package doc). Thread-safe: every method locks the target; one writer
 * at a time, as on disk. Chunks are copied in and out, so callers may reuse their buffers.
 */
public final class MemoryTarget implements Target {
  private final String name;
  private final Map<ChunkHash, byte[]> chunks = new HashMap<>();
  private final TreeMap<Long, Snapshot> snapshots = new TreeMap<>();
  private boolean writerOpen;
  private boolean closed;

  /** {@code name} identifies the target in messages. */
  public MemoryTarget(String name) {
    this.name = "memory target " + name;
  }

  @Override
  public synchronized boolean hasChunk(ChunkHash h) {
    return chunks.containsKey(h);
  }

  @Override
  public synchronized SnapshotWriter newSnapshot(long id, String host, OptionalLong parentId)
      throws IOException {
    ensureOpen();
    DiskTarget.checkNewSnapshot(id, host);
    if (writerOpen) {
      throw new TargetLockedException(name);
    }
    List<FileEntry> start =
        parentId.isPresent() ? readSnapshot(parentId.getAsLong()).entries() : List.of();
    writerOpen = true;
    return new MemorySnapshotWriter(this, id, host, parentId, start);
  }

  @Override
  public synchronized List<SnapshotInfo> snapshots() {
    ensureOpen();
    return snapshots.values().stream().map(Snapshot::info).toList();
  }

  @Override
  public synchronized Snapshot readSnapshot(long id) throws IOException {
    ensureOpen();
    Snapshot s = snapshots.get(id);
    if (s == null) {
      throw new SnapshotNotFoundException(id, name);
    }
    return s;
  }

  @Override
  public void readFile(FileEntry e, OutputStream out) throws IOException {
    if (!e.isRegularFile()) {
      throw new IllegalArgumentException(e.path() + " is not a regular file");
    }
    for (ChunkRef ref : e.chunks()) {
      byte[] b = chunk(ref.hash(), e.path());
      if (b.length != ref.length() || !ChunkHash.of(b, 0, b.length).equals(ref.hash())) {
        throw new ChunkCorruptException(name, ref.hash(), "not the bytes " + e.path() + " needs");
      }
      out.write(b);
    }
  }

  private synchronized byte[] chunk(ChunkHash h, String path) throws ChunkNotFoundException {
    ensureOpen();
    byte[] b = chunks.get(h);
    if (b == null) {
      throw new ChunkNotFoundException(h, path);
    }
    return b;
  }

  @Override
  public synchronized List<SnapshotInfo> forget(Collection<Long> ids) throws IOException {
    ensureOpen();
    if (writerOpen) {
      throw new TargetLockedException(name);
    }
    List<SnapshotInfo> doomed = ForgetRule.doomed(snapshots(), ids, name);
    for (SnapshotInfo s : doomed) {
      snapshots.remove(s.id());
    }
    return doomed;
  }

  /** Chunks stored, for tests that count what deduplication saved. */
  public synchronized int chunkCount() {
    return chunks.size();
  }

  @Override
  public synchronized void close() {
    closed = true;
  }

  /** The length a stored chunk has, or -1: what a writer checks a file's references against. */
  synchronized int storedLength(ChunkHash h) {
    byte[] b = chunks.get(h);
    return b == null ? -1 : b.length;
  }

  /** A writer's commit: its chunks and its snapshot become visible together. */
  synchronized void commit(Map<ChunkHash, byte[]> newChunks, Snapshot s) {
    ensureOpen();
    newChunks.forEach(chunks::putIfAbsent);
    snapshots.put(s.info().id(), s);
  }

  synchronized void writerClosed() {
    writerOpen = false;
  }

  /** For messages. */
  String name() {
    return name;
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException(name + " is closed");
    }
  }

  /** Entries by path, for a writer starting from a parent. */
  static TreeMap<String, FileEntry> byPath(List<FileEntry> entries) {
    TreeMap<String, FileEntry> m = new TreeMap<>(PathOrder.COMPARATOR);
    entries.forEach(e -> m.put(e.path(), e));
    return m;
  }
}
