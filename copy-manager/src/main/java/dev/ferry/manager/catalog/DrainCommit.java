package dev.ferry.manager.catalog;

import dev.ferry.manager.catalog.CopiedFile.CopiedBlock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import jakarta.transaction.Transactional;
import java.nio.ByteBuffer;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hibernate.Session;

/**
 * Records a drain's outcome in one transaction: snapshot, chunks, file versions, block maps, the
 * run, and the new drain position. Either all of it is there afterwards or none of it.
 */
@ApplicationScoped
public class DrainCommit {
  @Inject EntityManager em;

  @Transactional
  public void commit(DrainOutcome o) {
    // The lookups below never need rows this transaction added; without this, Hibernate would
    // flush and dirty-check the session before each native query. The one flush is explicit.
    em.setFlushMode(FlushModeType.COMMIT);
    HostEntity host = em.getReference(HostEntity.class, o.hostId());
    long snap = o.snapshot().id();
    SnapshotEntity s = new SnapshotEntity();
    s.id = snap;
    s.host = host;
    s.parentId = o.snapshot().parentId().isPresent() ? o.snapshot().parentId().getAsLong() : null;
    s.createdAt = o.snapshot().createdAt();
    s.fileCount = o.snapshot().fileCount();
    s.totalBytes = o.snapshot().totalBytes();
    em.persist(s);

    Set<String> paths = new LinkedHashSet<>(o.deletedPaths());
    o.copied().forEach(f -> paths.add(f.snapshotPath()));
    Map<String, WatchedFileEntity> files = watchedFiles(o.hostId(), paths);
    Map<Long, Long> current = currentVersions(files.values());
    List<Long> superseded = new ArrayList<>();
    for (String path : o.deletedPaths()) {
      WatchedFileEntity wf = files.get(path);
      Long v = wf == null ? null : current.remove(wf.id);
      if (v != null) {
        superseded.add(v);
      }
    }
    // Versions and new watched files go outside Hibernate (BulkRows), after the snapshot row the
    // new versions reference: flushed here.
    List<BulkRows.NewFile> newFiles = new ArrayList<>();
    Set<String> newPaths = new HashSet<>();
    for (CopiedFile f : o.copied()) {
      WatchedFileEntity wf = files.get(f.snapshotPath());
      if (wf == null) {
        if (newPaths.add(f.snapshotPath())) {
          newFiles.add(new BulkRows.NewFile(f.root(), f.snapshotPath()));
        }
        continue;
      }
      if (wf.root == null) { // a rebuilt catalog does not know it (ferry catalog rebuild)
        wf.root = f.root();
      }
      Long old = current.remove(wf.id);
      if (old != null) {
        superseded.add(old);
      }
    }
    em.flush();
    em.unwrap(Session.class)
        .doWork(
            c -> {
              BulkRows bulk = new BulkRows(c);
              bulk.supersede(superseded, snap);
              writeCopied(bulk, o, files, newFiles);
            });

    DrainRunEntity run = em.find(DrainRunEntity.class, o.runId());
    run.finishedAt = Instant.now();
    run.outcome = "copied";
    run.recordsRead = o.recordsRead();
    run.filesCopied = o.copied().size();
    run.filesDeleted = o.deletedPaths().size();
    run.filesSkipped = o.skipped().size();
    run.chunksWritten = o.chunksWritten();
    run.bytesWritten = o.bytesWritten();
    run.snapshotId = snap;
    for (DrainOutcome.Skipped sk : o.skipped()) {
      SkippedFileEntity e = new SkippedFileEntity();
      e.runId = o.runId();
      e.path = sk.snapshotPath();
      e.reason = sk.reason();
      em.persist(e);
    }

    DrainPositionEntity p = em.find(DrainPositionEntity.class, o.hostId());
    boolean first = p == null;
    if (first) {
      p = new DrainPositionEntity();
      p.hostId = o.hostId();
    }
    p.journalIndex = o.positionAfter();
    p.updatedAt = Instant.now();
    if (first) {
      em.persist(p);
    }
  }

  /** The new watched files, a new version of every copied file, and each version's block map. */
  private static void writeCopied(
      BulkRows bulk,
      DrainOutcome o,
      Map<String, WatchedFileEntity> known,
      List<BulkRows.NewFile> newFiles)
      throws SQLException {
    Map<String, Long> fileIds = new HashMap<>();
    known.forEach((path, wf) -> fileIds.put(path, wf.id));
    long[] newFileIds = bulk.ids("watched_file_seq", newFiles.size());
    bulk.insertFiles(o.hostId(), newFiles, newFileIds);
    for (int i = 0; i < newFiles.size(); i++) {
      fileIds.put(newFiles.get(i).path(), newFileIds[i]);
    }
    List<BulkRows.NewVersion> versions = new ArrayList<>(o.copied().size());
    for (CopiedFile f : o.copied()) {
      versions.add(new BulkRows.NewVersion(fileIds.get(f.snapshotPath()), f, o.snapshot().id()));
    }
    long[] versionIds = bulk.ids("file_version_seq", versions.size());
    bulk.insertVersions(versions, versionIds);
    writeBlockMaps(bulk, o, versionIds);
  }

  private static void writeBlockMaps(BulkRows bulk, DrainOutcome o, long[] versionIds)
      throws SQLException {
    Map<ByteBuffer, Long> chunkIds = chunkIds(bulk, o);
    List<BulkRows.BlockRow> rows = new ArrayList<>();
    for (int i = 0; i < versionIds.length; i++) {
      long versionId = versionIds[i];
      int seq = 0;
      for (CopiedBlock b : o.copied().get(i).blocks()) {
        rows.add(
            new BulkRows.BlockRow(
                versionId,
                seq++,
                chunkIds.get(ByteBuffer.wrap(b.hash())),
                b.offset(),
                b.length(),
                b.fingerprint()));
      }
    }
    bulk.insertBlocks(rows);
  }

  /**
   * Ids of every chunk the new versions reference, inserting the chunks this drain stored. A chunk
   * may already be known (a drain retried after a crash finds it on the target): then the existing
   * row is used, never a second one.
   */
  private static Map<ByteBuffer, Long> chunkIds(BulkRows bulk, DrainOutcome o) throws SQLException {
    Set<ByteBuffer> wanted = new LinkedHashSet<>();
    for (CopiedFile f : o.copied()) {
      for (CopiedBlock b : f.blocks()) {
        wanted.add(ByteBuffer.wrap(b.hash()));
      }
    }
    Map<ByteBuffer, Long> ids = new HashMap<>();
    List<byte[]> hashes = new ArrayList<>(wanted.size());
    for (ByteBuffer w : wanted) {
      hashes.add(w.array());
    }
    bulk.existingChunkIds(hashes, (hash, id) -> ids.put(ByteBuffer.wrap(hash), id));
    List<BulkRows.NewChunk> fresh = new ArrayList<>();
    for (StoredChunk sc : o.referencedChunks()) {
      ByteBuffer key = ByteBuffer.wrap(sc.hash());
      if (ids.containsKey(key) || !wanted.contains(key)) {
        continue;
      }
      fresh.add(
          new BulkRows.NewChunk(
              sc.hash(),
              sc.length(),
              sc.location().containerId(),
              sc.location().offset(),
              sc.location().length()));
      ids.put(key, null); // a chunk referenced twice is inserted once
    }
    long[] freshIds = bulk.ids("chunk_seq", fresh.size());
    bulk.insertChunks(fresh, freshIds, Instant.now());
    for (int i = 0; i < fresh.size(); i++) {
      ids.put(ByteBuffer.wrap(fresh.get(i).hash()), freshIds[i]);
    }
    for (ByteBuffer w : wanted) {
      if (ids.get(w) == null) {
        throw new IllegalStateException(
            "a copied block references a chunk that is neither on the target nor in the catalog");
      }
    }
    return ids;
  }

  /** The watched files of these paths that the catalog knows, by path; one query. */
  private Map<String, WatchedFileEntity> watchedFiles(long hostId, Set<String> paths) {
    Map<String, WatchedFileEntity> out = new HashMap<>();
    if (paths.isEmpty()) {
      return out;
    }
    em.unwrap(Session.class)
        .createNativeQuery(
            "select * from watched_file where host_id = :h and path = any(:ps)",
            WatchedFileEntity.class)
        .setParameter("h", hostId)
        .setParameter("ps", ArrayParams.texts(paths))
        .getResultList()
        .forEach(f -> out.put(f.path, f));
    return out;
  }

  /** The id of the current version of each of these files that has one, by file id; one query. */
  private Map<Long, Long> currentVersions(Iterable<WatchedFileEntity> files) {
    List<Long> ids = new ArrayList<>();
    files.forEach(f -> ids.add(f.id));
    Map<Long, Long> out = new HashMap<>();
    if (ids.isEmpty()) {
      return out;
    }
    em.unwrap(Session.class)
        .createNativeQuery(
            "select file_id, id from file_version where file_id = any(:ids)"
                + " and superseded_snapshot_id is null",
            Object[].class)
        .setParameter("ids", ArrayParams.ids(ids))
        .getResultList()
        .forEach(r -> out.put(((Number) r[0]).longValue(), ((Number) r[1]).longValue()));
    return out;
  }
}
