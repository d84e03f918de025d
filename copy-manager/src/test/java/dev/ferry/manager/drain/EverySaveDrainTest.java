package dev.ferry.manager.drain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.manager.CatalogTestDatabase;
import dev.ferry.monitor.blockmap.BlockMapper;
import dev.ferry.monitor.blockmap.FastCdc;
import dev.ferry.monitor.journal.BackupCache;
import dev.ferry.monitor.journal.ChangeKind;
import dev.ferry.monitor.journal.ChangeRecord;
import dev.ferry.monitor.staging.StageWriter;
import dev.ferry.monitor.staging.StagingStore;
import dev.ferry.target.DiskTarget;
import dev.ferry.target.FileEntry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Every-save versions in the drain: each staged save becomes its own snapshot, read from the
 * staging store although the file has moved on; a version no longer staged is copied as the file is
 * now and counted.
 */
@QuarkusTest
@QuarkusTestResource(CatalogTestDatabase.class)
class EverySaveDrainTest {
  @Inject DrainService drains;
  @Inject BackupCache cache;
  @Inject DiskTarget target;
  @Inject StagingStore staging;

  @ConfigProperty(name = "ferry-test.watch")
  Path watch;

  private final BlockMapper mapper = new BlockMapper(FastCdc.standard());

  @Test
  void threeStagedSavesOfOneFileBecomeThreeSnapshotsEachHoldingItsVersion() throws IOException {
    drains.drain(true); // whatever other tests left
    Path essay = watch.resolve("every/essay.txt");
    Path notes = watch.resolve("every/notes.txt");
    Files.createDirectories(essay.getParent());
    for (String v : new String[] {"draft one", "draft two", "final version"}) {
      Files.writeString(essay, v);
      appendStaged(essay);
      Files.writeString(notes, "latest-only notes after " + v);
      append(notes, ChangeRecord.NOT_STAGED);
    }
    Files.writeString(essay, "edited again after the last save, not yet recorded");

    DrainReport r = drains.drain(true);

    assertThat(r.snapshots()).isEqualTo(3);
    assertThat(r.versionsLost()).isZero();
    long newest = r.snapshotId();
    assertThat(read(newest - 2, "watch/every/essay.txt")).isEqualTo("draft one");
    assertThat(read(newest - 1, "watch/every/essay.txt")).isEqualTo("draft two");
    assertThat(read(newest, "watch/every/essay.txt")).isEqualTo("final version");
    assertThat(read(newest, "watch/every/notes.txt"))
        .as("a latest-policy file is copied as it is")
        .isEqualTo("latest-only notes after final version");
    assertThat(drains.drain(true).outcome()).isEqualTo("nothing-due");
  }

  @Test
  void aVersionNoLongerStagedIsCopiedAsTheFileIsNowAndCounted() throws IOException {
    drains.drain(true);
    Path f = watch.resolve("every/evicted.txt");
    Files.createDirectories(f.getParent());
    Files.writeString(f, "as it is at the drain");
    append(f, 987_654_321L); // a stage id the store does not hold (evicted)

    DrainReport r = drains.drain(true);

    assertThat(r.versionsLost()).isEqualTo(1);
    assertThat(read(r.snapshotId(), "watch/every/evicted.txt")).isEqualTo("as it is at the drain");
  }

  private void appendStaged(Path f) throws IOException {
    long savedAt = nanos(Instant.now());
    long stageId;
    try (StageWriter w = staging.begin(watch.toString(), watch.relativize(f).toString(), savedAt)) {
      mapper.map(f, w);
      stageId = w.commit();
    }
    append(f, stageId);
  }

  private void append(Path f, long stageId) throws IOException {
    cache.append(TestRecords.of(watch, f, ChangeKind.MODIFIED, Instant.now(), null, stageId));
  }

  private String read(long snapshotId, String path) throws IOException {
    Optional<FileEntry> e =
        target.readSnapshot(snapshotId).entries().stream()
            .filter(x -> x.path().equals(path))
            .findFirst();
    assertThat(e).as("%s in snapshot %d", path, snapshotId).isPresent();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    target.readFile(e.get(), out);
    return out.toString(StandardCharsets.UTF_8);
  }

  private static long nanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }
}
