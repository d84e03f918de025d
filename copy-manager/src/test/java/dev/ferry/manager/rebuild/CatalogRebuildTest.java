package dev.ferry.manager.rebuild;

import static dev.ferry.manager.cli.CliRun.ferry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.manager.CatalogTestDatabase;
import dev.ferry.manager.cli.CliRun.Run;
import dev.ferry.manager.drain.DrainReport;
import dev.ferry.manager.drain.DrainService;
import dev.ferry.manager.drain.TestRecords;
import dev.ferry.monitor.journal.BackupCache;
import dev.ferry.monitor.journal.ChangeKind;
import dev.ferry.monitor.journal.ChangeRecord;
import dev.ferry.target.ChunkHash;
import dev.ferry.target.ChunkRef;
import dev.ferry.target.DiskTarget;
import dev.ferry.target.FileEntry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * {@code ferry catalog rebuild}, run in-process against the test application's real catalog
 * (PostgreSQL) and real target after real drains: the rebuilt rows equal the drained ones, the
 * catalog's block maps restore the files, and the next drain copies only what changed.
 */
@QuarkusTest
@QuarkusTestResource(CatalogTestDatabase.class)
@TestProfile(RebuildProfile.class)
class CatalogRebuildTest {
  private static final String TABLES =
      "skipped_file, drain_run, drain_position, version_chunk, file_version, watched_file,"
          + " snapshot, chunk, host";

  @Inject DrainService drains;
  @Inject BackupCache cache;
  @Inject DiskTarget target;

  @ConfigProperty(name = "ferry-test.watch")
  Path watch;

  @ConfigProperty(name = "quarkus.datasource.jdbc.url")
  String url;

  @ConfigProperty(name = "quarkus.datasource.username")
  String user;

  @Test
  void aCatalogRebuiltIntoTheEmptiedDatabaseHoldsTheRowsTheDrainsWrote() throws Exception {
    history("same");
    List<String> drained = dump(url);

    exec(url, "truncate " + TABLES);
    Run r = rebuild("--db", db(url));

    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).contains("rebuilt the catalog from", "snapshots", "chunks");
    assertThat(dump(url)).isEqualTo(drained);
    assertThat(count(url, "select count(*) from file_version where device is null"))
        .as("what only the workstation knew is marked unknown")
        .isEqualTo(count(url, "select count(*) from file_version"));
  }

  @Test
  void aCatalogRebuiltIntoADroppedDatabaseIsMigratedFromNothing() throws Exception {
    history("dropped");
    List<String> drained = dump(url);
    String name = "ferry_rebuilt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    String server = url.substring(0, url.lastIndexOf('/') + 1);
    exec(server + "postgres", "create database " + name);
    try {
      Run r = rebuild("--db", db(server + name));

      assertThat(r.exit()).as(r.toString()).isZero();
      assertThat(dump(server + name)).isEqualTo(drained);
    } finally {
      exec(server + "postgres", "drop database " + name + " with (force)");
    }
  }

  @Test
  void theRebuiltBlockMapsRestoreEveryCurrentFile() throws Exception {
    history("restore");
    exec(url, "truncate " + TABLES);
    assertThat(rebuild("--db", db(url)).exit()).isZero();

    int checked = 0;
    try (Connection c = connect(url);
        PreparedStatement versions =
            c.prepareStatement(
                "select v.id, f.path, v.size from file_version v"
                    + " join watched_file f on f.id = v.file_id"
                    + " where v.superseded_snapshot_id is null and v.link_target is null");
        ResultSet rs = versions.executeQuery()) {
      while (rs.next()) {
        FileEntry e = fromCatalog(c, rs.getLong(1), rs.getString(2), rs.getLong(3));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        target.readFile(e, out);
        Path onDisk = watch.resolve(e.path().substring("watch/".length()));
        assertThat(out.toByteArray()).as(e.path()).isEqualTo(Files.readAllBytes(onDisk));
        checked++;
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(3);
  }

  @Test
  void aDrainAfterARebuildReadsAndWritesOnlyWhatChanged() throws Exception {
    byte[] data = new byte[4 << 20];
    new Random(7).nextBytes(data);
    Path big = watch.resolve("after/big.bin");
    Files.createDirectories(big.getParent());
    Files.write(big, data);
    append(big, ChangeKind.CREATED);
    Path small = write("after/small.txt", "left alone");
    append(small, ChangeKind.CREATED);
    DrainReport first = drains.drain(true);
    long before = first.snapshotId();

    exec(url, "truncate " + TABLES);
    assertThat(rebuild("--db", db(url)).exit()).isZero();
    for (int i = 0; i < 16; i++) {
      data[2_000_000 + i] ^= 0x5a;
    }
    Files.write(big, data);
    append(big, ChangeKind.MODIFIED);
    DrainReport after = drains.drain(true);

    assertThat(after.recordsRead())
        .as("records drained before the loss are not read again (the journal's acknowledgement)")
        .isEqualTo(1);
    assertThat(after.chunksWritten()).isBetween(1, 2);
    assertThat(after.bytesWritten()).isLessThan(600_000);
    assertThat(after.bytesRead())
        .as("rebuilt fingerprints match the agent's: unchanged blocks are not read")
        .isLessThan(600_000);
    assertThat(after.snapshotId()).isEqualTo(before + 1);
    assertThat(target.readSnapshot(after.snapshotId()).info().parentId()).hasValue(before);
    assertThat(restored(after.snapshotId(), "watch/after/big.bin")).isEqualTo(data);
    assertThat(restored(after.snapshotId(), "watch/after/small.txt"))
        .isEqualTo("left alone".getBytes(StandardCharsets.UTF_8));
    assertThat(count(url, "select count(*) from watched_file where root is null"))
        .as("the drain tells the rebuilt catalog the root of what it copied")
        .isEqualTo(
            count(url, "select count(*) from watched_file where path <> 'watch/after/big.bin'"));
  }

  @Test
  void aCatalogThatIsNotEmptyIsRefusedUnlessForced() throws Exception {
    history("refused");
    List<String> drained = dump(url);
    long runs = count(url, "select count(*) from drain_run");
    assertThat(runs).isPositive();

    Run refused = rebuild("--db", db(url));

    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err()).contains("the catalog is not empty", "--force");
    assertThat(dump(url)).isEqualTo(drained);
    assertThat(count(url, "select count(*) from drain_run")).isEqualTo(runs);

    Run forced = rebuild("--db", db(url), "--force");

    assertThat(forced.exit()).as(forced.toString()).isZero();
    assertThat(forced.out()).contains("replaced what the catalog held");
    assertThat(dump(url)).isEqualTo(drained);
    assertThat(count(url, "select count(*) from drain_run")).isZero();
  }

  @Test
  void aDamagedRootFailsTheRebuildAndLeavesTheCatalogAsItWas() throws Exception {
    history("damaged");
    List<String> drained = dump(url);
    long runs = count(url, "select count(*) from drain_run");
    // A root damaged in its entries, and one damaged near its front: in its summary (byte 36 is
    // in the creation time today), which the listing of snapshots leaves out, so that only the
    // structure check sees it.
    for (boolean front : new boolean[] {false, true}) {
      Path copy = copyOfTarget();
      Path root = newestRoot(copy);
      try (RandomAccessFile f = new RandomAccessFile(root.toFile(), "rw")) {
        long at = front ? 36 : f.length() * 7 / 10;
        f.seek(at);
        int b = f.read();
        f.seek(at);
        f.write(b ^ 0xff);
      }

      Run r = rebuild("--target", copy.toString(), "--db", db(url), "--force");

      assertThat(r.exit()).as(r.toString()).isEqualTo(1);
      assertThat(r.err()).contains("is damaged, the catalog was not changed", "snapshot ");
      assertThat(dump(url)).isEqualTo(drained);
      assertThat(count(url, "select count(*) from drain_run")).isEqualTo(runs);
    }
  }

  /** Three drains under {@code dir}: new files, a change, a delete, a link, a bigger file. */
  private void history(String dir) throws IOException {
    Path a = write(dir + "/a.txt", "first a");
    Path b = write(dir + "/b.txt", "b, deleted later");
    append(a, ChangeKind.CREATED);
    append(b, ChangeKind.CREATED);
    drains.drain(true);

    write(dir + "/a.txt", "second a, longer");
    append(a, ChangeKind.MODIFIED);
    Files.delete(b);
    append(b, ChangeKind.DELETED);
    Path link = watch.resolve(dir + "/link");
    Files.createSymbolicLink(link, Path.of("a.txt"));
    append(link, ChangeKind.CREATED);
    drains.drain(true);

    byte[] many = new byte[1 << 20];
    new Random(dir.hashCode()).nextBytes(many);
    Path c = watch.resolve(dir + "/c.bin");
    Files.write(c, many);
    append(c, ChangeKind.CREATED);
    drains.drain(true);
  }

  private Run rebuild(String... args) throws IOException {
    List<String> all = new ArrayList<>(List.of("catalog", "rebuild"));
    if (!List.of(args).contains("--target")) {
      all.addAll(List.of("--target", target.dir().toString()));
    }
    all.addAll(List.of(args));
    return ferry(all.toArray(String[]::new));
  }

  /**
   * The rows that matter, by natural key (ids differ between a catalog and its rebuild): hosts,
   * snapshots, chunks and their locations, watched files, versions with their block maps and
   * fingerprints. Not compared: what the target does not know (device, inode, save time, root,
   * first storage time) and the drain log.
   */
  private List<String> dump(String jdbcUrl) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = connect(jdbcUrl)) {
      query(c, "select 'host ' || name from host", rows);
      query(
          c,
          "select concat_ws(' ', 'snapshot', s.id, h.name, coalesce(s.parent_id::text, '-'),"
              + " s.created_at, s.file_count, s.total_bytes)"
              + " from snapshot s join host h on h.id = s.host_id",
          rows);
      query(
          c,
          "select concat_ws(' ', 'chunk', encode(hash, 'hex'), length, container_id,"
              + " container_offset, stored_length) from chunk",
          rows);
      query(
          c,
          "select concat_ws(' ', 'file', h.name, f.path)"
              + " from watched_file f join host h on h.id = f.host_id",
          rows);
      query(
          c,
          "select concat_ws(' ', 'version', h.name, f.path, v.size, v.mtime_ns, v.mode,"
              + " coalesce(v.link_target, '-'), v.first_snapshot_id,"
              + " coalesce(v.superseded_snapshot_id::text, '-'),"
              + " (select string_agg(concat_ws(':', vc.seq, encode(k.hash, 'hex'), vc.file_offset,"
              + " vc.length, vc.fingerprint), ',' order by vc.seq)"
              + " from version_chunk vc join chunk k on k.id = vc.chunk_id"
              + " where vc.version_id = v.id))"
              + " from file_version v join watched_file f on f.id = v.file_id"
              + " join host h on h.id = f.host_id",
          rows);
    }
    Collections.sort(rows);
    assertThat(rows).anyMatch(r -> r.startsWith("version "));
    return rows;
  }

  private static void query(Connection c, String sql, List<String> into) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        into.add(rs.getString(1));
      }
    }
  }

  private static FileEntry fromCatalog(Connection c, long versionId, String path, long size)
      throws SQLException {
    List<ChunkRef> refs = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "select k.hash, vc.length from version_chunk vc join chunk k on k.id = vc.chunk_id"
                + " where vc.version_id = ? order by vc.seq")) {
      s.setLong(1, versionId);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          refs.add(new ChunkRef(ChunkHash.fromBytes(rs.getBytes(1)), rs.getInt(2)));
        }
      }
    }
    return FileEntry.regularFile(path, size, 0, 0644, refs);
  }

  private byte[] restored(long snapshotId, String path) throws IOException {
    FileEntry e =
        target.readSnapshot(snapshotId).entries().stream()
            .filter(x -> x.path().equals(path))
            .findFirst()
            .orElseThrow();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    target.readFile(e, out);
    return out.toByteArray();
  }

  private Path copyOfTarget() throws IOException {
    Path copy = Files.createTempDirectory("ferry-damaged-target");
    Path from = target.dir();
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        Path to = copy.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    return copy;
  }

  /** The newest snapshot root (format: {@code snapshots/<20-digit id>.snap}). */
  private static Path newestRoot(Path targetDir) throws IOException {
    try (Stream<Path> roots = Files.list(targetDir.resolve("snapshots"))) {
      return roots
          .filter(p -> p.getFileName().toString().endsWith(".snap"))
          .max(Path::compareTo)
          .orElseThrow();
    }
  }

  private Path write(String rel, String content) throws IOException {
    Path f = watch.resolve(rel);
    Files.createDirectories(f.getParent());
    Files.writeString(f, content);
    return f;
  }

  private void append(Path f, ChangeKind kind) throws IOException {
    cache.append(TestRecords.of(watch, f, kind, Instant.now(), null, ChangeRecord.NOT_STAGED));
  }

  private String db(String jdbcUrl) {
    return jdbcUrl + "?user=" + user;
  }

  private Connection connect(String jdbcUrl) throws SQLException {
    return DriverManager.getConnection(jdbcUrl, user, "");
  }

  private void exec(String jdbcUrl, String sql) throws SQLException {
    try (Connection c = connect(jdbcUrl);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private long count(String jdbcUrl, String sql) throws SQLException {
    try (Connection c = connect(jdbcUrl);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
