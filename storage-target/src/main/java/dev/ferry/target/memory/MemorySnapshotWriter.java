package dev.ferry.target.memory;

import dev.ferry.target.ChunkHash;
import dev.ferry.target.ChunkHashMismatchException;
import dev.ferry.target.ChunkLocation;
import dev.ferry.target.ChunkRef;
import dev.ferry.target.FileEntry;
import dev.ferry.target.Snapshot;
import dev.ferry.target.SnapshotInfo;
import dev.ferry.target.SnapshotWriter;
import dev.ferry.target.disk.TargetFile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * A {@link MemoryTarget}'s writer: chunks and entries are kept here until commit hands them to the
 * target in one step. Its chunks sit in one "container" with a random id, at offsets in the order
 * they came, so locations look like a disk target's. Not thread-safe, like every writer.
 */
final class MemorySnapshotWriter implements SnapshotWriter {
  private final MemoryTarget target;
  private final long id;
  private final String host;
  private final OptionalLong parentId;
  private final TreeMap<String, FileEntry> entries;
  private final Map<ChunkHash, byte[]> pending = new HashMap<>();
  private final Map<ChunkHash, ChunkLocation> locations = new HashMap<>();
  private final String containerId = TargetFile.randomId();
  private long offset;
  private boolean done;

  MemorySnapshotWriter(
      MemoryTarget target, long id, String host, OptionalLong parentId, List<FileEntry> start) {
    this.target = target;
    this.id = id;
    this.host = host;
    this.parentId = parentId;
    this.entries = MemoryTarget.byPath(start);
  }

  @Override
  public ChunkLocation putChunk(ChunkHash h, byte[] buf, int off, int len, String filePath)
      throws ChunkHashMismatchException {
    ensureOpen();
    SnapshotWriter.checkChunk(h, buf, off, len, filePath);
    ChunkLocation known = locations.get(h);
    if (known != null) {
      return known;
    }
    if (!target.hasChunk(h)) {
      // A copy, so nothing the caller does with its buffer later changes what is stored.
      pending.put(h, Arrays.copyOfRange(buf, off, off + len));
    }
    ChunkLocation loc = new ChunkLocation(containerId, offset, len);
    offset += len;
    locations.put(h, loc);
    return loc;
  }

  @Override
  public void putFile(FileEntry e) {
    ensureOpen();
    for (ChunkRef ref : e.chunks()) {
      byte[] mine = pending.get(ref.hash());
      int stored = mine != null ? mine.length : target.storedLength(ref.hash());
      if (stored < 0) {
        throw new IllegalStateException(
            "chunk " + ref.hash() + " of " + e.path() + " is not stored; putChunk it first");
      }
      SnapshotWriter.checkStoredLength(ref, e.path(), stored);
    }
    entries.put(e.path(), e);
  }

  @Override
  public void removeFile(String path) {
    ensureOpen();
    entries.remove(path);
  }

  @Override
  public SnapshotInfo commit() {
    ensureOpen();
    List<FileEntry> list = new ArrayList<>(entries.values());
    long total = list.stream().mapToLong(FileEntry::size).sum();
    SnapshotInfo info = new SnapshotInfo(id, parentId, Instant.now(), host, list.size(), total);
    try {
      target.commit(pending, new Snapshot(info, list));
    } finally {
      finish();
    }
    return info;
  }

  @Override
  public void close() {
    if (!done) {
      finish();
    }
  }

  private void finish() {
    done = true;
    pending.clear();
    target.writerClosed();
  }

  private void ensureOpen() {
    if (done) {
      throw new IllegalStateException(
          "snapshot writer " + id + " of " + target.name() + " is done");
    }
  }
}
