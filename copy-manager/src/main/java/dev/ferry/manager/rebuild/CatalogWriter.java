package dev.ferry.manager.rebuild;

import dev.ferry.manager.rebuild.ChunkCensus.Chunk;
import dev.ferry.target.ChunkLocation;
import dev.ferry.target.ChunkRef;
import dev.ferry.target.FileEntry;
import dev.ferry.target.SnapshotInfo;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.List;

/**
 * Writes the rebuilt rows over one JDBC connection, in batches, in the caller's transaction.
 * Batches go out in foreign-key order (snapshots and chunks before the versions and block maps that
 * name them), whichever fills first.
 *
 * <p>Ids come from the catalog's own sequences, a block at a time, and each sequence is left past
 * the last id used: the manager's Hibernate (which takes ranges of 50 from the same sequences)
 * never hands out an id the rebuild wrote. Not thread-safe.
 */
final class CatalogWriter implements AutoCloseable {
  private static final int BATCH = 1000;
  private static final int ID_BLOCK = 10_000;

  private final Connection c;
  private final PreparedStatement snapshots;
  private final PreparedStatement chunks;
  private final PreparedStatement files;
  private final PreparedStatement versions;
  private final PreparedStatement blocks;
  private final PreparedStatement parents;
  private final List<PreparedStatement> order;
  private final Ids fileIds = new Ids("watched_file_seq");
  private final Ids chunkIds = new Ids("chunk_seq");
  private final Ids versionIds = new Ids("file_version_seq");
  private int pending;
  private int versionRows;

  CatalogWriter(Connection c) throws SQLException {
    this.c = c;
    snapshots =
        c.prepareStatement(
            "insert into snapshot (id, host_id, parent_id, created_at, file_count, total_bytes)"
                + " values (?, ?, ?, ?, ?, ?)");
    chunks =
        c.prepareStatement(
            "insert into chunk (id, hash, length, container_id, container_offset, stored_length,"
                + " first_stored_at) values (?, ?, ?, ?, ?, ?, ?)");
    files =
        c.prepareStatement(
            "insert into watched_file (id, host_id, root, path) values (?, ?, null, ?)");
    versions =
        c.prepareStatement(
            "insert into file_version (id, file_id, size, mtime_ns, mode, device, inode, saved_at,"
                + " first_snapshot_id, superseded_snapshot_id, link_target)"
                + " values (?, ?, ?, ?, ?, null, null, null, ?, ?, ?)");
    blocks =
        c.prepareStatement(
            "insert into version_chunk (version_id, seq, chunk_id, file_offset, length,"
                + " fingerprint) values (?, ?, ?, ?, ?, ?)");
    parents = c.prepareStatement("update snapshot set parent_id = ? where id = ?");
    order = List.of(snapshots, chunks, files, versions, blocks, parents);
  }

  /** Inserts a host at once (its id is needed by everything else) and returns its id. */
  long host(String name, Instant createdAt) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "insert into host (id, name, created_at) values (nextval('host_seq'), ?, ?)"
                + " returning id")) {
      s.setString(1, name);
      s.setTimestamp(2, Timestamp.from(createdAt));
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** A snapshot row; {@code parentId} null if its parent is not (yet) written. */
  void snapshot(SnapshotInfo info, long hostId, Long parentId) throws SQLException {
    snapshots.setLong(1, info.id());
    snapshots.setLong(2, hostId);
    if (parentId == null) {
      snapshots.setNull(3, Types.BIGINT);
    } else {
      snapshots.setLong(3, parentId);
    }
    snapshots.setTimestamp(4, Timestamp.from(info.createdAt()));
    snapshots.setInt(5, info.fileCount());
    snapshots.setLong(6, info.totalBytes());
    add(snapshots);
  }

  /** Sets a parent written after its child (a parent with a higher id). */
  void parent(long snapshotId, long parentId) throws SQLException {
    parents.setLong(1, parentId);
    parents.setLong(2, snapshotId);
    add(parents);
  }

  /** A chunk row; assigns {@code chunk.id}. */
  void chunk(Chunk chunk, ChunkLocation loc) throws SQLException {
    chunk.id = chunkIds.next();
    chunks.setLong(1, chunk.id);
    chunks.setBytes(2, chunk.hash.toBytes());
    chunks.setInt(3, chunk.length);
    chunks.setString(4, loc.containerId());
    chunks.setLong(5, loc.offset());
    chunks.setInt(6, loc.length());
    chunks.setTimestamp(7, Timestamp.from(chunk.firstUsedAt));
    add(chunks);
  }

  /** A watched file whose root is not known; returns its id. */
  long watchedFile(long hostId, String path) throws SQLException {
    long id = fileIds.next();
    files.setLong(1, id);
    files.setLong(2, hostId);
    files.setString(3, path);
    add(files);
    return id;
  }

  /**
   * A file version live in {@code [first, superseded)} and its block map, in file order.
   *
   * @param census where each chunk's id and fingerprint are
   */
  void version(long fileId, FileEntry e, long first, Long superseded, ChunkCensus census)
      throws SQLException {
    long id = versionIds.next();
    versions.setLong(1, id);
    versions.setLong(2, fileId);
    versions.setLong(3, e.size());
    versions.setLong(4, e.mtimeNanos());
    versions.setInt(5, e.mode());
    versions.setLong(6, first);
    if (superseded == null) {
      versions.setNull(7, Types.BIGINT);
    } else {
      versions.setLong(7, superseded);
    }
    versions.setString(8, e.isSymlink() ? e.linkTarget() : null);
    add(versions);
    versionRows++;
    long offset = 0;
    int seq = 0;
    for (ChunkRef r : e.chunks()) {
      Chunk chunk = census.get(r.hash());
      blocks.setLong(1, id);
      blocks.setInt(2, seq++);
      blocks.setLong(3, chunk.id);
      blocks.setLong(4, offset);
      blocks.setInt(5, r.length());
      blocks.setLong(6, chunk.fingerprint);
      add(blocks);
      offset += r.length();
    }
  }

  int versionRows() {
    return versionRows;
  }

  private void add(PreparedStatement s) throws SQLException {
    s.addBatch();
    if (++pending >= BATCH) {
      flush();
    }
  }

  /** Sends every pending batch, in foreign-key order. */
  void flush() throws SQLException {
    for (PreparedStatement s : order) {
      s.executeBatch();
    }
    pending = 0;
  }

  @Override
  public void close() throws SQLException {
    for (PreparedStatement s : order) {
      s.close();
    }
  }

  /** Ids from one sequence, reserved {@value #ID_BLOCK} at a time. */
  private final class Ids {
    private final String sequence;
    private long next = 1;
    private long last;

    Ids(String sequence) {
      this.sequence = sequence;
    }

    long next() throws SQLException {
      if (next > last) {
        // setval(s, nextval(s) + n - 1): ids up to the value set are ours; the next nextval
        // (Hibernate's next range of 50) starts beyond them whatever optimizer it uses.
        try (PreparedStatement s =
            c.prepareStatement("select setval(?::regclass, nextval(?::regclass) + ?)")) {
          s.setString(1, sequence);
          s.setString(2, sequence);
          s.setLong(3, ID_BLOCK - 1);
          try (ResultSet rs = s.executeQuery()) {
            rs.next();
            last = rs.getLong(1);
          }
        }
        next = last - ID_BLOCK + 1;
      }
      return next++;
    }
  }
}
