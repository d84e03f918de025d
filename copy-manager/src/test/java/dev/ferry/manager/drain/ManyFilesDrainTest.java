package dev.ferry.manager.drain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.manager.CatalogTestDatabase;
import dev.ferry.monitor.journal.BackupCache;
import dev.ferry.monitor.journal.ChangeKind;
import dev.ferry.monitor.journal.ChangeRecord;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A drain's catalog lookups by path (watched files, current versions, block maps) bind all paths as
 * one array: a drain of more files than any single parameter list held must still find each one.
 */
@QuarkusTest
@QuarkusTestResource(CatalogTestDatabase.class)
class ManyFilesDrainTest {
  /** More than the 1,000 paths one lookup took before, and not a multiple of it. */
  private static final int FILES = 2_345;

  private static final int DELETED = 345;

  @Inject DrainService drains;
  @Inject BackupCache cache;
  @Inject EntityManager em;

  @ConfigProperty(name = "ferry-test.watch")
  Path watch;

  @Test
  void aSecondDrainOfThousandsOfUnchangedFilesReadsNothingAndKeepsOneCurrentVersionEach()
      throws IOException {
    Path[] files = new Path[FILES];
    for (int i = 0; i < FILES; i++) {
      files[i] = watch.resolve("many/d" + (i % 7) + "/f-" + i + ".txt");
      Files.createDirectories(files[i].getParent());
      Files.writeString(files[i], "content of file " + i + " ".repeat(i % 50));
      append(files[i], ChangeKind.CREATED);
    }
    DrainReport first = drains.drain(true);
    assertThat(first.filesCopied()).isEqualTo(FILES);

    // Touched (new mtime, same bytes) or deleted: every block is known from the current version.
    for (int i = 0; i < FILES; i++) {
      if (i < DELETED) {
        Files.delete(files[i]);
        append(files[i], ChangeKind.DELETED);
      } else {
        Files.setLastModifiedTime(files[i], FileTime.from(Instant.now().plusSeconds(60)));
        append(files[i], ChangeKind.MODIFIED);
      }
    }
    DrainReport second = drains.drain(true);

    assertThat(second.filesCopied()).isEqualTo(FILES - DELETED);
    assertThat(second.filesDeleted()).isEqualTo(DELETED);
    assertThat(second.bytesRead()).isZero();
    assertThat(second.chunksWritten()).isZero();
    assertThat(count("select 1 from watched_file where path like 'watch/many/%'")).isEqualTo(FILES);
    assertThat(
            count(
                "select 1 from file_version v join watched_file f on f.id = v.file_id"
                    + " where f.path like 'watch/many/%' and v.superseded_snapshot_id is null"))
        .isEqualTo(FILES - DELETED);
    assertThat(
            count(
                "select 1 from file_version v join watched_file f on f.id = v.file_id"
                    + " where f.path like 'watch/many/%'"
                    + " and v.superseded_snapshot_id = "
                    + second.snapshotId()))
        .isEqualTo(FILES);
    // version_chunk has no foreign keys (decision 0018): every block row must still name a real
    // version and chunk, the new versions' blocks as well as those carried from the first drain.
    assertThat(
            count(
                "select 1 from version_chunk vc"
                    + " left join file_version v on v.id = vc.version_id"
                    + " left join chunk c on c.id = vc.chunk_id"
                    + " where v.id is null or c.id is null"))
        .isZero();
    assertThat(
            count(
                "select 1 from version_chunk vc join file_version v on v.id = vc.version_id"
                    + " where v.first_snapshot_id = "
                    + second.snapshotId()))
        .isEqualTo(FILES - DELETED);
  }

  private void append(Path f, ChangeKind kind) throws IOException {
    cache.append(TestRecords.of(watch, f, kind, Instant.now(), null, ChangeRecord.NOT_STAGED));
  }

  private long count(String query) {
    return QuarkusTransaction.requiringNew()
        .call(() -> (long) em.createNativeQuery(query).getResultList().size());
  }
}
