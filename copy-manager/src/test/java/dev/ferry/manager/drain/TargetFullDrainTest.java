package dev.ferry.manager.drain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ferry.manager.CatalogTestDatabase;
import dev.ferry.monitor.journal.BackupCache;
import dev.ferry.monitor.journal.ChangeKind;
import dev.ferry.monitor.journal.ChangeRecord;
import dev.ferry.target.DiskTarget;
import dev.ferry.target.FileEntry;
import dev.ferry.target.SnapshotInfo;
import dev.ferry.target.TargetFullException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * ENOSPC during a drain (issue 4), with the target on a real small file system: the drain fails
 * naming the full disk, the catalog gets no snapshot and no file version, the drain position and
 * the journal acknowledgement stay where they were, the target stays consistent; once space is
 * freed the next drain copies everything.
 */
@QuarkusTest
@QuarkusTestResource(CatalogTestDatabase.class)
@QuarkusTestResource(value = SmallTargetDisk.class, restrictToAnnotatedClass = true)
class TargetFullDrainTest {
  @Inject DrainService drains;
  @Inject BackupCache cache;
  @Inject DiskTarget target;
  @Inject EntityManager em;

  @ConfigProperty(name = "ferry-test.watch")
  Path watch;

  @Test
  void aDrainIntoAFullTargetRecordsNothingAndTheNextOneCopiesEverything() throws IOException {
    assumeTrue(SmallTargetDisk.mounted(), "cannot mount a tmpfs: " + SmallTargetDisk.mountError());
    Path small = write("full/small.txt", "fits".getBytes(StandardCharsets.UTF_8));
    append(small);
    DrainReport first = drains.drain(true);
    assertThat(first.filesCopied()).isEqualTo(1);
    long snapshots = count("select count(*) from snapshot");
    long versions = count("select count(*) from file_version");
    long position = count("select coalesce(max(journal_index), -1) from drain_position");
    long acknowledged = cache.acknowledged();

    byte[] big = new byte[4 << 20];
    new Random(7).nextBytes(big);
    Path f = write("full/big.bin", big);
    append(f);
    SmallTargetDisk.fillLeaving(1 << 20);
    try {
      assertThatThrownBy(() -> drains.drain(true))
          .isInstanceOf(DrainFailedException.class)
          .hasMessageContaining("no space left on the target's file system")
          .hasRootCauseMessage("No space left on device")
          .satisfies(e -> assertThat(causes(e)).anyMatch(TargetFullException.class::isInstance));

      assertThat(count("select count(*) from snapshot")).isEqualTo(snapshots);
      assertThat(count("select count(*) from file_version")).isEqualTo(versions);
      assertThat(count("select coalesce(max(journal_index), -1) from drain_position"))
          .isEqualTo(position);
      assertThat(cache.acknowledged()).as("journal acknowledgement").isEqualTo(acknowledged);
      assertThat(target.snapshots())
          .extracting(SnapshotInfo::id)
          .containsExactly(first.snapshotId());
      assertThat(target.verify(true).damages()).isEmpty();
    } finally {
      SmallTargetDisk.free();
    }

    DrainReport retry = drains.drain(true);

    assertThat(retry.filesCopied()).isEqualTo(1);
    assertThat(restored(retry.snapshotId(), "watch/full/big.bin")).isEqualTo(big);
    assertThat(restored(retry.snapshotId(), "watch/full/small.txt"))
        .isEqualTo("fits".getBytes(StandardCharsets.UTF_8));
    assertThat(count("select count(*) from snapshot")).isEqualTo(snapshots + 1);
    assertThat(cache.acknowledged()).isEqualTo(cache.lastIndex());
    assertThat(target.verify(true).damages()).isEmpty();
  }

  private static List<Throwable> causes(Throwable e) {
    List<Throwable> all = new ArrayList<>();
    for (Throwable t = e; t != null; t = t.getCause()) {
      all.add(t);
    }
    return all;
  }

  private Path write(String rel, byte[] content) throws IOException {
    Path f = watch.resolve(rel);
    Files.createDirectories(f.getParent());
    Files.write(f, content);
    return f;
  }

  private void append(Path f) throws IOException {
    cache.append(
        TestRecords.of(watch, f, ChangeKind.CREATED, Instant.now(), null, ChangeRecord.NOT_STAGED));
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

  private long count(String query) {
    return QuarkusTransaction.requiringNew()
        .call(() -> ((Number) em.createNativeQuery(query).getSingleResult()).longValue());
  }
}
