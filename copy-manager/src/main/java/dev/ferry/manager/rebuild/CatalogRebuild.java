package dev.ferry.manager.rebuild;

import dev.ferry.target.CorruptDataException;
import dev.ferry.target.Damage;
import dev.ferry.target.DataSubset;
import dev.ferry.target.DiskTarget;
import dev.ferry.target.Snapshot;
import dev.ferry.target.SnapshotInfo;
import dev.ferry.target.VerifyReport;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rebuilds the catalog from a target: checks the target's structure, reads every snapshot root,
 * reads every referenced chunk once to recompute its fingerprint, then writes all rows in one
 * transaction. Everything that reads the target comes before the transaction, so a damaged target
 * fails the rebuild before the catalog is touched, and the catalog is locked only while rows are
 * written.
 *
 * <p>The caller owns the connection (its schema migrated) and the target; nothing may drain into
 * either meanwhile.
 */
public final class CatalogRebuild {
  private static final String TABLES =
      "skipped_file, drain_run, drain_position, version_chunk, file_version, watched_file,"
          + " snapshot, chunk, host";

  private CatalogRebuild() {}

  /**
   * Rebuilds the catalog on {@code c} from {@code target}; returns what it wrote.
   *
   * @param force replace a catalog that holds rows; without it such a catalog is refused
   * @throws CatalogNotEmptyException if the catalog holds rows and {@code force} is false
   * @throws DamagedTargetException if a root or a chunk the snapshots need cannot be read
   */
  public static RebuildResult run(DiskTarget target, Connection c, boolean force)
      throws IOException, SQLException {
    long t0 = System.nanoTime();
    c.setAutoCommit(true);
    CatalogRows before = CatalogRows.count(c);
    if (!before.isEmpty() && !force) {
      throw new CatalogNotEmptyException(before); // before reading a target that may be large
    }
    requireIntact(target);
    long checked = System.nanoTime();
    List<SnapshotInfo> infos = target.snapshots();
    ChunkCensus census = new ChunkCensus();
    for (SnapshotInfo info : infos) {
      census.add(read(target, info));
    }
    long counted = System.nanoTime();
    long bytesRead = ChunkFingerprints.compute(target, census);
    long fingerprinted = System.nanoTime();

    c.setAutoCommit(false);
    Written w;
    try {
      w = write(target, c, force, infos, census);
      c.commit();
    } catch (IOException | SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
    long done = System.nanoTime();
    return new RebuildResult(
        infos.size(),
        w.hosts,
        w.files,
        w.versions,
        census.size(),
        bytesRead,
        w.parentsMissing,
        w.replaced,
        new RebuildResult.Timings(
            millis(t0, checked),
            millis(checked, counted),
            millis(counted, fingerprinted),
            millis(fingerprinted, done)),
        millis(t0, done));
  }

  private static long millis(long from, long to) {
    return (to - from) / 1_000_000;
  }

  /** What the transaction wrote. */
  private record Written(
      int hosts, int files, int versions, int parentsMissing, CatalogRows replaced) {}

  private static Written write(
      DiskTarget target, Connection c, boolean force, List<SnapshotInfo> infos, ChunkCensus census)
      throws IOException, SQLException {
    try (Statement s = c.createStatement()) {
      // NOWAIT: a manager still using the catalog fails the rebuild now, not after a long wait.
      s.execute("lock table " + TABLES + " in access exclusive mode nowait");
    }
    CatalogRows now = CatalogRows.count(c);
    if (!now.isEmpty()) {
      if (!force) {
        throw new CatalogNotEmptyException(now); // filled since the first look
      }
      try (Statement s = c.createStatement()) {
        s.execute("truncate " + TABLES);
      }
    }
    int parentsMissing = 0;
    int files = 0;
    try (CatalogWriter w = new CatalogWriter(c)) {
      Map<String, Long> hosts = hosts(w, infos);
      for (ChunkCensus.Chunk chunk : census.all()) {
        w.chunk(chunk, target.locate(chunk.hash).orElseThrow());
      }
      Set<Long> ids = new HashSet<>();
      infos.forEach(i -> ids.add(i.id()));
      Map<Long, Long> lateParents = new LinkedHashMap<>();
      for (SnapshotInfo info : infos) {
        Long parent = info.parentId().isPresent() ? info.parentId().getAsLong() : null;
        if (parent != null && !ids.contains(parent)) {
          parentsMissing++;
          parent = null;
        } else if (parent != null && parent > info.id()) {
          lateParents.put(info.id(), parent);
          parent = null;
        }
        w.snapshot(info, hosts.get(info.host()), parent);
      }
      for (Map.Entry<Long, Long> late : lateParents.entrySet()) {
        w.parent(late.getKey(), late.getValue());
      }
      Map<String, HostHistory> histories = new HashMap<>();
      for (SnapshotInfo info : infos) {
        histories
            .computeIfAbsent(info.host(), h -> new HostHistory(hosts.get(h), census))
            .apply(read(target, info), w);
      }
      for (HostHistory h : histories.values()) {
        h.finish(w);
        files += h.files();
      }
      w.flush();
      return new Written(hosts.size(), files, w.versionRows(), parentsMissing, now);
    }
  }

  /** One row per host, created at its first snapshot. */
  private static Map<String, Long> hosts(CatalogWriter w, List<SnapshotInfo> infos)
      throws SQLException {
    Map<String, Instant> first = new LinkedHashMap<>();
    for (SnapshotInfo i : infos) {
      first.merge(i.host(), i.createdAt(), (a, b) -> a.isBefore(b) ? a : b);
    }
    Map<String, Long> ids = new HashMap<>();
    for (Map.Entry<String, Instant> h : first.entrySet()) {
      ids.put(h.getKey(), w.host(h.getKey(), h.getValue()));
    }
    return ids;
  }

  /**
   * The structure check of {@code ferry verify}: it also finds a root whose summary is damaged,
   * which the listing of snapshots leaves out (a rebuild without it would lose that snapshot
   * silently, and the next drain could reuse its id). Damage no snapshot entry needs (a bad copy of
   * a chunk the index does not point at) does not stop the rebuild.
   */
  private static void requireIntact(DiskTarget target) throws IOException {
    VerifyReport report = target.verify(new DataSubset.None());
    List<String> fatal = new ArrayList<>();
    for (Damage d : report.damages()) {
      if (d.what().startsWith("snapshot ") || !d.affected().isEmpty()) {
        fatal.add(d.what() + ": " + d.detail());
      }
    }
    if (!fatal.isEmpty()) {
      throw new DamagedTargetException(target.dir().toString(), fatal);
    }
  }

  private static Snapshot read(DiskTarget target, SnapshotInfo info) throws IOException {
    try {
      return target.readSnapshot(info.id());
    } catch (CorruptDataException e) {
      throw new DamagedTargetException(
          target.dir().toString(), List.of("snapshot " + info.id() + ": " + e.getMessage()));
    }
  }
}
