package dev.ferry.manager.catalog;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The catalog rows a drain writes by the ten thousand — watched files, file versions, chunks and
 * block maps — sent with PostgreSQL's {@code COPY} on the transaction's own connection, not as
 * entities: a 2 GiB first copy has ~28,000 files and ~50,000 chunks, and Hibernate's batched
 * inserts took most of a drain's catalog commit (bench/RESULTS.md, 2026-12-02 for chunks and block
 * maps, 2026-12-03 for files and versions). Same transaction, so a drain's commit is still all or
 * nothing. Not thread-safe; one per commit.
 */
final class BulkRows {
  private static final HexFormat HEX = HexFormat.of();

  private final Connection c;
  private final CopyManager copy;

  BulkRows(Connection c) throws SQLException {
    this.c = c;
    this.copy = c.unwrap(PGConnection.class).getCopyAPI();
  }

  /** A chunk row to insert. */
  record NewChunk(byte[] hash, int length, String containerId, long offset, int storedLength) {}

  /** A watched file row to insert: a path the catalog does not know yet. */
  record NewFile(String root, String path) {}

  /** A file version row to insert, current from {@code firstSnapshotId} on. */
  record NewVersion(long fileId, CopiedFile file, long firstSnapshotId) {}

  /** A block map row to insert. */
  record BlockRow(long versionId, int seq, long chunkId, long fileOffset, int length, long fp) {}

  /**
   * {@code n} fresh ids of {@code sequence}. One {@code nextval} per id: each value is then ours
   * under any optimizer Hibernate uses for the ranges of 50 it takes from the same sequence (a
   * value never falls in another caller's range), even with another manager drawing at once.
   */
  long[] ids(String sequence, int n) throws SQLException {
    long[] out = new long[n];
    if (n == 0) {
      return out;
    }
    try (PreparedStatement s =
        c.prepareStatement("select nextval(?::regclass) from generate_series(1, ?)")) {
      s.setString(1, sequence);
      s.setInt(2, n);
      try (ResultSet rs = s.executeQuery()) {
        for (int i = 0; i < n; i++) {
          if (!rs.next()) {
            throw new SQLException("generate_series gave fewer than " + n + " ids of " + sequence);
          }
          out[i] = rs.getLong(1);
        }
      }
    }
    return out;
  }

  /** Ends the versions {@code versionIds} at snapshot {@code snapshotId}, in one statement. */
  void supersede(List<Long> versionIds, long snapshotId) throws SQLException {
    if (versionIds.isEmpty()) {
      return;
    }
    Array a = c.createArrayOf("bigint", versionIds.toArray());
    try (PreparedStatement s =
        c.prepareStatement(
            "update file_version set superseded_snapshot_id = ?"
                + " where id = any(?) and superseded_snapshot_id is null")) {
      s.setLong(1, snapshotId);
      s.setArray(2, a);
      int n = s.executeUpdate();
      if (n != versionIds.size()) {
        throw new SQLException(
            "superseded "
                + n
                + " of "
                + versionIds.size()
                + " current file versions: the catalog"
                + " changed under the drain");
      }
    } finally {
      a.free();
    }
  }

  /** The ids of those of {@code hashes} the catalog holds, in one round trip. */
  void existingChunkIds(List<byte[]> hashes, IdSink found) throws SQLException {
    if (hashes.isEmpty()) {
      return;
    }
    Array a = c.createArrayOf("bytea", hashes.toArray(new byte[0][]));
    try (PreparedStatement s =
        c.prepareStatement("select hash, id from chunk where hash = any(?)")) {
      s.setArray(1, a);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          found.accept(rs.getBytes(1), rs.getLong(2));
        }
      }
    } finally {
      a.free();
    }
  }

  /** Receives one (hash, id) pair. */
  interface IdSink {
    void accept(byte[] hash, long id);
  }

  void insertChunks(List<NewChunk> chunks, long[] ids, Instant storedAt) throws SQLException {
    StringBuilder b = new StringBuilder(chunks.size() * 128);
    String at = storedAt.toString();
    for (int i = 0; i < chunks.size(); i++) {
      NewChunk ch = chunks.get(i);
      b.append(ids[i]).append('\t').append("\\\\x").append(HEX.formatHex(ch.hash()));
      b.append('\t').append(ch.length()).append('\t');
      appendText(b, ch.containerId());
      b.append('\t').append(ch.offset()).append('\t').append(ch.storedLength());
      b.append('\t').append(at).append('\n');
    }
    copyIn(
        "copy chunk (id, hash, length, container_id, container_offset, stored_length,"
            + " first_stored_at) from stdin",
        b);
  }

  void insertFiles(long hostId, List<NewFile> files, long[] ids) throws SQLException {
    StringBuilder b = new StringBuilder(files.size() * 96);
    for (int i = 0; i < files.size(); i++) {
      NewFile f = files.get(i);
      b.append(ids[i]).append('\t').append(hostId).append('\t');
      appendNullable(b, f.root());
      b.append('\t');
      appendText(b, f.path());
      b.append('\n');
    }
    copyIn("copy watched_file (id, host_id, root, path) from stdin", b);
  }

  void insertVersions(List<NewVersion> versions, long[] ids) throws SQLException {
    StringBuilder b = new StringBuilder(versions.size() * 112);
    for (int i = 0; i < versions.size(); i++) {
      NewVersion v = versions.get(i);
      CopiedFile f = v.file();
      b.append(ids[i]).append('\t').append(v.fileId()).append('\t').append(f.size());
      b.append('\t').append(f.mtimeNanos()).append('\t').append(f.mode());
      b.append('\t').append(f.device()).append('\t').append(f.inode()).append('\t');
      appendNullable(b, f.savedAt() == null ? null : f.savedAt().toString());
      b.append('\t');
      appendNullable(b, f.linkTarget());
      b.append('\t').append(v.firstSnapshotId()).append("\t\\N\n");
    }
    copyIn(
        "copy file_version (id, file_id, size, mtime_ns, mode, device, inode, saved_at,"
            + " link_target, first_snapshot_id, superseded_snapshot_id) from stdin",
        b);
  }

  void insertBlocks(List<BlockRow> rows) throws SQLException {
    StringBuilder b = new StringBuilder(rows.size() * 48);
    for (BlockRow r : rows) {
      b.append(r.versionId()).append('\t').append(r.seq()).append('\t').append(r.chunkId());
      b.append('\t').append(r.fileOffset()).append('\t').append(r.length());
      b.append('\t').append(r.fp()).append('\n');
    }
    copyIn(
        "copy version_chunk (version_id, seq, chunk_id, file_offset, length, fingerprint)"
            + " from stdin",
        b);
  }

  private void copyIn(String sql, StringBuilder rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    try {
      copy.copyIn(sql, new StringReader(rows.toString()));
    } catch (IOException e) {
      throw new SQLException("COPY into the catalog failed: " + e.getMessage(), e);
    }
  }

  /** A text column, or COPY's {@code \N} for null. */
  private static void appendNullable(StringBuilder b, String s) {
    if (s == null) {
      b.append("\\N");
    } else {
      appendText(b, s);
    }
  }

  /** COPY's text format: a backslash, tab, newline or carriage return is escaped. */
  private static void appendText(StringBuilder b, String s) {
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '\\' -> b.append("\\\\");
        case '\t' -> b.append("\\t");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        default -> b.append(ch);
      }
    }
  }
}
