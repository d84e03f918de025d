package dev.ferry.target.disk;

import dev.ferry.target.ChunkHash;
import dev.ferry.target.ChunkLocation;
import dev.ferry.target.ChunkRef;
import dev.ferry.target.Compression;
import dev.ferry.target.FileEntry;
import dev.ferry.target.SnapshotInfo;
import dev.ferry.target.SnapshotWriter;
import dev.ferry.target.index.ChunkIndex;
import dev.ferry.target.index.IndexFile;
import dev.ferry.target.index.IndexLoader;
import dev.ferry.target.snapshot.SegmentRef;
import dev.ferry.target.snapshot.SnapshotCodec;
import dev.ferry.target.snapshot.SnapshotRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The disk target's {@link SnapshotWriter}. Owns the writer lock from construction until commit or
 * close. Memory: one container being filled (at most {@link ContainerSink#LIMIT} plus one chunk),
 * the compressor's output buffer (about one chunk), the parent's segment table plus the segments
 * touched so far ({@link SnapshotEntries}), and an index entry and a plain length per new chunk.
 */
public final class DiskSnapshotWriter implements SnapshotWriter {
  /**
   * Told of the index file a commit wrote once its entries are in the writer's index, so the target
   * need not parse it again.
   */
  @FunctionalInterface
  public interface IndexCommitted {
    void accept(Path indexFile) throws IOException;
  }

  private enum State {
    OPEN,
    COMMITTED,
    CLOSED
  }

  private final TargetLayout layout;
  private final AtomicFiles files;
  private final ChunkIndex index;
  private final WriterLock lock;
  private final long id;
  private final String host;
  private final OptionalLong parentId;
  private final SnapshotEntries entries;
  private final Map<ChunkHash, ChunkLocation> written = new HashMap<>();

  /** Plain lengths of the chunks in {@link #written}: their locations hold stored lengths. */
  private final Map<ChunkHash, Integer> writtenPlain = new HashMap<>();

  private final ChunkReader reader;
  private final IndexCommitted indexCommitted;
  private final ContainerSink sink;
  private boolean indexWritten;
  private State state = State.OPEN;

  /**
   * Takes ownership of {@code lock}; {@code parent} is the parent's root (or empty); {@code reader}
   * gives the plain lengths of chunks stored by earlier snapshots; new chunks are stored with
   * {@code compression}. Writes as {@code options} say ({@link DiskOptions#DEFAULT} outside tests).
   */
  public DiskSnapshotWriter(
      TargetLayout layout,
      DiskOptions options,
      ChunkIndex index,
      ChunkReader reader,
      Compression compression,
      WriterLock lock,
      long id,
      String host,
      OptionalLong parentId,
      Optional<SnapshotRoot> parent,
      IndexCommitted indexCommitted) {
    this.layout = layout;
    this.files = new AtomicFiles(options.fs());
    this.index = index;
    this.lock = lock;
    this.id = id;
    this.host = host;
    this.parentId = parentId;
    this.reader = reader;
    this.indexCommitted = indexCommitted;
    this.sink = new ContainerSink(layout, options, compression, reader.keys());
    SegmentStore segments = new SegmentStore(layout, files, reader.keys());
    this.entries =
        parent
            .map(p -> SnapshotEntries.startingFrom(p, segments))
            .orElseGet(() -> SnapshotEntries.empty(segments));
  }

  @Override
  public ChunkLocation putChunk(ChunkHash h, byte[] buf, int off, int len, String filePath)
      throws IOException {
    ensureOpen();
    SnapshotWriter.checkChunk(h, buf, off, len, filePath);
    return putHashedChunk(h, buf, off, len, filePath);
  }

  @Override
  public ChunkLocation putHashedChunk(ChunkHash h, byte[] buf, int off, int len, String filePath)
      throws IOException {
    ensureOpen();
    Objects.requireNonNull(h, "h");
    FileEntry.checkPath(filePath);
    ChunkLocation known = written.get(h);
    if (known == null) {
      known = index.get(h).orElse(null);
    }
    if (known != null) {
      return known;
    }
    ChunkLocation loc = sink.add(h, buf, off, len, filePath);
    written.put(h, loc);
    writtenPlain.put(h, len);
    return loc;
  }

  @Override
  public void putFile(FileEntry e) throws IOException {
    ensureOpen();
    for (ChunkRef ref : e.chunks()) {
      OptionalInt stored = plainLength(ref.hash(), e.path());
      if (stored.isPresent()) {
        SnapshotWriter.checkStoredLength(ref, e.path(), stored.getAsInt());
      }
    }
    entries.put(e);
  }

  /**
   * The plain length of a stored chunk; empty when an earlier snapshot's container cannot tell
   * (damaged: verify reports it, and referencing the chunk is what the writer did before).
   */
  private OptionalInt plainLength(ChunkHash h, String path) {
    Integer mine = writtenPlain.get(h);
    if (mine != null) {
      return OptionalInt.of(mine);
    }
    ChunkLocation loc =
        index
            .get(h)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "chunk " + h + " of " + path + " is not stored; putChunk it first"));
    return reader.plainLength(h, loc);
  }

  @Override
  public void removeFile(String path) throws IOException {
    ensureOpen();
    entries.remove(path);
  }

  @Override
  public SnapshotInfo commit() throws IOException {
    ensureOpen();
    sink.flush();
    Map<ChunkHash, ChunkLocation> indexed = writeIndex();
    index.addAll(indexed);
    indexCommitted.accept(layout.indexFile(id));
    // Segments after the index (their entries name its chunks), before the root that names them.
    List<SegmentRef> table = entries.commit();
    long count = table.stream().mapToLong(SegmentRef::entryCount).sum();
    long total = table.stream().mapToLong(SegmentRef::totalBytes).sum();
    if (count > Integer.MAX_VALUE) {
      throw new IllegalStateException("snapshot " + id + " would hold " + count + " entries");
    }
    SnapshotInfo info = new SnapshotInfo(id, parentId, Instant.now(), host, (int) count, total);
    Path root = layout.snapshotFile(id);
    byte[] encoded = SnapshotCodec.encodeRoot(info, table);
    files.write(root, reader.keys().sealFile(layout.relative(root), encoded));
    state = State.COMMITTED;
    release();
    return info;
  }

  /**
   * Writes this id's index file: this commit's chunks plus whatever an earlier attempt with the
   * same id indexed, so a retry never drops entries another snapshot may rely on.
   */
  private Map<ChunkHash, ChunkLocation> writeIndex() throws IOException {
    Path file = layout.indexFile(id);
    Map<ChunkHash, ChunkLocation> merged = new HashMap<>(written);
    if (Files.exists(file)) {
      // A damaged old index throws here: replacing it would hide the damage from verify.
      IndexFile old = IndexLoader.read(file, reader.keys());
      merged.putAll(old.entries());
    }
    byte[] sealed =
        reader.keys().sealFile(layout.relative(file), new IndexFile(id, merged).encode());
    Path tmp = files.writeTemp(file, List.of(ByteBuffer.wrap(sealed)));
    // From the rename on, the index may name this commit's containers even if the directory fsync
    // then fails, so an abort must keep them. If the rename did not happen, they are unindexed
    // and the next recovery deletes them.
    indexWritten = true;
    files.commit(tmp, file);
    return merged;
  }

  @Override
  public void close() {
    if (state == State.OPEN) {
      state = State.CLOSED;
      try {
        // Once the index names them, the containers are part of the target and must stay.
        sink.abort(!indexWritten);
      } catch (IOException e) {
        throw new UncheckedIOException("aborting snapshot " + id, e);
      } finally {
        release();
      }
    }
  }

  private void release() {
    sink.release();
    try {
      lock.close();
    } catch (IOException e) {
      throw new UncheckedIOException("releasing the writer lock of " + layout.root(), e);
    }
  }

  private void ensureOpen() {
    if (state != State.OPEN) {
      throw new IllegalStateException("snapshot writer " + id + " is " + state);
    }
  }
}
