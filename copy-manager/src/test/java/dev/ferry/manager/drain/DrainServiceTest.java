package dev.ferry.manager.drain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.manager.CatalogTestDatabase;
import dev.ferry.monitor.journal.BackupCache;
import dev.ferry.monitor.journal.ChangeKind;
import dev.ferry.monitor.journal.ChangeRecord;
import dev.ferry.target.DiskTarget;
import dev.ferry.target.FileEntry;
import dev.ferry.target.Snapshot;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The drain against the real PostgreSQL catalog, a real backup cache and a real disk target. */
@QuarkusTest
@QuarkusTestResource(CatalogTestDatabase.class)
class DrainServiceTest {
  @Inject DrainService drains;
  @Inject BackupCache cache;
  @Inject DiskTarget target;
  @Inject EntityManager em;

  @ConfigProperty(name = "ferry-test.watch")
  Path watch;

  @Test
  void recordsYoungerThanTheHoldStayInTheCache() throws IOException {
    Path f = write("hold/young.txt", "saved a minute ago");
    append(f, ChangeKind.CREATED, Instant.now().minus(Duration.ofMinutes(1)));

    assertThat(drains.drain(false).outcome()).isEqualTo("nothing-due");
    DrainReport later = drains.drain(true);
    assertThat(later.filesCopied()).isEqualTo(1);
  }

  @Test
  void recordsOlderThanTheHoldAreCopied() throws IOException {
    Path f = write("hold/old.txt", "saved two hours ago");
    append(f, ChangeKind.CREATED, Instant.now().minus(Duration.ofHours(2)));

    DrainReport r = drains.drain(false);

    assertThat(r.filesCopied()).isEqualTo(1);
    assertThat(restored(r.snapshotId(), "watch/hold/old.txt")).isEqualTo("saved two hours ago");
  }

  @Test
  void severalRecordsOfOnePathBecomeOneVersion() throws IOException {
    Path f = write("coalesce/a.txt", "v1");
    append(f, ChangeKind.CREATED, Instant.now());
    write("coalesce/a.txt", "v2 longer");
    append(f, ChangeKind.MODIFIED, Instant.now());
    write("coalesce/a.txt", "v3 the newest");
    append(f, ChangeKind.MODIFIED, Instant.now());

    DrainReport r = drains.drain(true);

    assertThat(r.recordsRead()).isEqualTo(3);
    assertThat(r.filesCopied()).isEqualTo(1);
    assertThat(versionsOf("watch/coalesce/a.txt")).isEqualTo(1);
    assertThat(restored(r.snapshotId(), "watch/coalesce/a.txt")).isEqualTo("v3 the newest");
  }

  @Test
  void aFileChangedSinceItsRecordIsCopiedAsItIsNow() throws IOException {
    Path f = write("changed/doc.txt", "what the record saw");
    append(f, ChangeKind.CREATED, Instant.now());
    write("changed/doc.txt", "what was saved after the record");
    Files.setLastModifiedTime(f, FileTime.from(Instant.now().plusSeconds(5)));

    DrainReport r = drains.drain(true);

    assertThat(r.changedSinceRecord()).isEqualTo(1);
    assertThat(restored(r.snapshotId(), "watch/changed/doc.txt"))
        .isEqualTo("what was saved after the record");
  }

  @Test
  void anEditInTheMiddleOfABigFileWritesOnlyTheChunksAroundIt() throws IOException {
    byte[] data = new byte[4 << 20];
    new Random(42).nextBytes(data);
    Path f = watch.resolve("big/blob.bin");
    Files.createDirectories(f.getParent());
    Files.write(f, data);
    append(f, ChangeKind.CREATED, Instant.now());
    DrainReport first = drains.drain(true);
    assertThat(first.bytesWritten()).isEqualTo(data.length);

    for (int i = 0; i < 16; i++) {
      data[2_000_000 + i] ^= 0x5a;
    }
    Files.write(f, data);
    append(f, ChangeKind.MODIFIED, Instant.now());
    DrainReport second = drains.drain(true);

    assertThat(second.chunksWritten()).isBetween(1, 2);
    assertThat(second.bytesWritten()).isLessThan(600_000);
  }

  @Test
  void aRenamedFileCostsNoChunkWrite() throws IOException {
    Path old = write("rename/before.txt", "content that only moves " + "x".repeat(100_000));
    append(old, ChangeKind.CREATED, Instant.now());
    drains.drain(true);

    Path moved = watch.resolve("rename/after.txt");
    Files.move(old, moved);
    append(old, ChangeKind.DELETED, Instant.now());
    append(moved, ChangeKind.CREATED, Instant.now());
    DrainReport r = drains.drain(true);

    assertThat(r.chunksWritten()).isZero();
    assertThat(r.filesCopied()).isEqualTo(1);
    assertThat(r.filesDeleted()).isEqualTo(1);
    Snapshot s = target.readSnapshot(r.snapshotId());
    assertThat(s.entries()).extracting(FileEntry::path).contains("watch/rename/after.txt");
    assertThat(s.entries()).extracting(FileEntry::path).doesNotContain("watch/rename/before.txt");
  }

  @Test
  void aRenameRecordMovesTheFileWithoutWritingChunks() throws IOException {
    Path old = write("rename2/draft.txt", "a draft that gets a better name " + "y".repeat(200_000));
    append(old, ChangeKind.CREATED, Instant.now());
    drains.drain(true);

    Path moved = watch.resolve("rename2/final.txt");
    Files.move(old, moved);
    append(moved, ChangeKind.RENAMED, Instant.now(), "rename2/draft.txt");
    DrainReport r = drains.drain(true);

    assertThat(r.chunksWritten()).isZero();
    assertThat(r.bytesRead()).as("blocks known under the old name are not read").isZero();
    assertThat(r.filesDeleted()).isEqualTo(1);
    assertThat(restored(r.snapshotId(), "watch/rename2/final.txt")).startsWith("a draft that");
    assertThat(target.readSnapshot(r.snapshotId()).entries())
        .extracting(FileEntry::path)
        .doesNotContain("watch/rename2/draft.txt");
  }

  @Test
  void aPipeWhereAFileWasIsSkippedNotWaitedOn() throws Exception {
    Path f = write("pipe/was-a-file", "a file first");
    append(f, ChangeKind.CREATED, Instant.now());
    Files.delete(f);
    assertThat(new ProcessBuilder("mkfifo", f.toString()).start().waitFor()).isZero();

    DrainReport r = drains.drain(true);

    assertThat(r.filesSkipped()).isEqualTo(1);
    assertThat(r.skipped()).singleElement().asString().contains("not a regular file");
  }

  @Test
  void aDrainWhoseCatalogCommitFailsIsRetriedIntoTheSameSnapshotWithoutDuplicates()
      throws IOException {
    Path f = write("retry/a.bin", "x".repeat(300_000) + "retry");
    append(f, ChangeKind.CREATED, Instant.now());
    sql(
        "create function ferry_test_fail() returns trigger language plpgsql as"
            + " $$ begin raise exception 'injected catalog failure'; end $$");
    sql(
        "create trigger ferry_test_fail before insert on snapshot"
            + " for each row execute function ferry_test_fail()");
    long orphan;
    try {
      assertThatThrownBy(() -> drains.drain(true))
          .isInstanceOf(DrainFailedException.class)
          .hasMessageContaining("injected catalog failure");
      orphan = target.latest().orElseThrow().id();
    } finally {
      sql("drop trigger ferry_test_fail on snapshot");
      sql("drop function ferry_test_fail()");
    }

    DrainReport retry = drains.drain(true);

    assertThat(retry.snapshotId())
        .as("the retry replaces what the failed attempt left")
        .isEqualTo(orphan);
    assertThat(retry.chunksWritten()).as("its chunks are found on the target").isZero();
    assertThat(count("select count(*) from chunk group by hash having count(*) > 1")).isZero();
    assertThat(versionsOf("watch/retry/a.bin")).isEqualTo(1);
    assertThat(restored(retry.snapshotId(), "watch/retry/a.bin")).endsWith("retry");
    assertThat(target.verify(true).ok()).isTrue();
  }

  @Test
  void aCatalogCommitFailingAfterItsBulkRowsWereSentLeavesNoneOfThem() throws IOException {
    Path f = write("late/a.bin", "y".repeat(400_000) + "late");
    append(f, ChangeKind.CREATED, Instant.now());
    long chunksBefore = count("select count(*) from chunk");
    long blocksBefore = count("select count(*) from version_chunk");
    // The drain position is written last, after the chunk and block rows went by COPY.
    sql(
        "create function ferry_test_fail() returns trigger language plpgsql as"
            + " $$ begin raise exception 'injected late catalog failure'; end $$");
    sql(
        "create trigger ferry_test_fail before insert or update on drain_position"
            + " for each row execute function ferry_test_fail()");
    try {
      assertThatThrownBy(() -> drains.drain(true))
          .isInstanceOf(DrainFailedException.class)
          .hasMessageContaining("injected late catalog failure");
      assertThat(count("select count(*) from chunk")).isEqualTo(chunksBefore);
      assertThat(count("select count(*) from version_chunk")).isEqualTo(blocksBefore);
    } finally {
      sql("drop trigger ferry_test_fail on drain_position");
      sql("drop function ferry_test_fail()");
    }

    DrainReport retry = drains.drain(true);

    assertThat(count("select count(*) from chunk group by hash having count(*) > 1")).isZero();
    assertThat(versionsOf("watch/late/a.bin")).isEqualTo(1);
    assertThat(restored(retry.snapshotId(), "watch/late/a.bin")).endsWith("late");
  }

  @Test
  void aSnapshotIdTakenOnTheTargetByAnotherHistoryIsNeverOverwritten() throws IOException {
    long next =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    ((Number)
                            em.createNativeQuery("select coalesce(max(id), 0) + 1 from snapshot")
                                .getSingleResult())
                        .longValue());
    try (var w = target.newSnapshot(next, "another-laptop", java.util.OptionalLong.empty())) {
      w.commit();
    }
    Path f = write("history/mine.txt", "mine");
    append(f, ChangeKind.CREATED, Instant.now());

    DrainReport r = drains.drain(true);

    assertThat(r.snapshotId()).isEqualTo(next + 1);
    assertThat(target.readSnapshot(next).info().host()).isEqualTo("another-laptop");
  }

  @Test
  void aDeletedFileIsGoneFromTheNextSnapshotButRestorableFromTheOlderOne() throws IOException {
    Path f = write("delete/gone.txt", "soon deleted");
    append(f, ChangeKind.CREATED, Instant.now());
    long before = drains.drain(true).snapshotId();
    Files.delete(f);
    append(f, ChangeKind.DELETED, Instant.now());
    long after = drains.drain(true).snapshotId();

    assertThat(target.readSnapshot(after).entries())
        .extracting(FileEntry::path)
        .doesNotContain("watch/delete/gone.txt");
    assertThat(restored(before, "watch/delete/gone.txt")).isEqualTo("soon deleted");
  }

  @Test
  void aFileThatVanishedBeforeTheDrainIsRecordedAsSkipped() throws IOException {
    Path f = write("vanish/brief.txt", "here for a moment");
    append(f, ChangeKind.CREATED, Instant.now());
    Files.delete(f);

    DrainReport r = drains.drain(true);

    assertThat(r.filesSkipped()).isEqualTo(1);
    assertThat(r.skipped())
        .singleElement()
        .asString()
        .contains("watch/vanish/brief.txt", "vanished");
    Number rows =
        (Number)
            em.createNativeQuery(
                    "select count(*) from skipped_file where path = 'watch/vanish/brief.txt'")
                .getSingleResult();
    assertThat(rows.intValue()).isEqualTo(1);
  }

  @Test
  void theDrainPositionFollowsTheLastCopiedRecord() {
    drains.drain(true);
    Number position =
        (Number)
            em.createNativeQuery("select max(journal_index) from drain_position").getSingleResult();
    assertThat(position.longValue()).isEqualTo(cache.lastIndex());
    assertThat(cache.acknowledged())
        .as("the journal is told, so it may trim what is copied")
        .isEqualTo(cache.lastIndex());
    assertThat(drains.drain(true).outcome()).isEqualTo("nothing-due");
  }

  private Path write(String rel, String content) throws IOException {
    Path f = watch.resolve(rel);
    Files.createDirectories(f.getParent());
    Files.writeString(f, content);
    return f;
  }

  private void append(Path f, ChangeKind kind, Instant savedAt) throws IOException {
    append(f, kind, savedAt, null);
  }

  private void append(Path f, ChangeKind kind, Instant savedAt, String renamedFrom)
      throws IOException {
    cache.append(TestRecords.of(watch, f, kind, savedAt, renamedFrom, ChangeRecord.NOT_STAGED));
  }

  private String restored(long snapshotId, String path) throws IOException {
    FileEntry e =
        target.readSnapshot(snapshotId).entries().stream()
            .filter(x -> x.path().equals(path))
            .findFirst()
            .orElseThrow();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    target.readFile(e, out);
    return out.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  private void sql(String statement) {
    QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(statement).executeUpdate());
  }

  private long count(String query) {
    return QuarkusTransaction.requiringNew()
        .call(() -> (long) em.createNativeQuery(query).getResultList().size());
  }

  private int versionsOf(String path) {
    return ((Number)
            em.createNativeQuery(
                    "select count(*) from file_version v join watched_file f on f.id = v.file_id"
                        + " where f.path = :p")
                .setParameter("p", path)
                .getSingleResult())
        .intValue();
  }
}
