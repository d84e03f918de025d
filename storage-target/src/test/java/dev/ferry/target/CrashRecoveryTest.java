package dev.ferry.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.target.disk.DiskOptions;
import dev.ferry.target.disk.TargetFile;
import dev.ferry.target.disk.TargetFs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrashRecoveryTest {
  @TempDir Path dir;
  @TempDir Path out;

  @Test
  void abortedWriterLeavesNoTraceEvenAfterSealingContainers() throws IOException {
    try (DiskTarget t = DiskTarget.openOrCreate(dir)) {
      List<String> before = tree(dir);
      try (SnapshotWriter w = t.newSnapshot(1, "h", OptionalLong.empty())) {
        // Sealing the second container waits for the first to be on disk; the second is then in
        // flight, and the abort must wait for it before deleting.
        Fixtures.put(w, "big", Fixtures.bytes(1, 33 << 20), 1 << 20, 0644);
        assertThat(finishedContainers(dir)).isNotEmpty();
      }
      assertThat(tree(dir)).isEqualTo(before);
      assertThat(t.snapshots()).isEmpty();
      assertThat(t.hasChunk(ChunkHash.of(Fixtures.bytes(1, 1 << 20), 0, 1 << 20))).isFalse();
    }
  }

  @Test
  void leftoverTempFilesAndUnindexedContainersAreRemovedOnOpen() throws IOException {
    byte[] a = Fixtures.bytes(1, 3000);
    try (DiskTarget t = DiskTarget.openOrCreate(dir)) {
      try (SnapshotWriter w = t.newSnapshot(1, "h", OptionalLong.empty())) {
        Fixtures.put(w, "a", a);
        w.commit();
      }
    }
    // A crash between container and index: copy a real container under a new id, unindexed.
    Path real = containers(dir).get(0);
    String orphanId = "ab" + "0".repeat(30);
    Files.createDirectories(dir.resolve("data/ab"));
    Files.copy(real, dir.resolve("data/ab/" + orphanId));
    Files.write(dir.resolve("data/ab/" + orphanId + ".tmp"), new byte[] {1, 2, 3});
    Files.write(dir.resolve("index/2.idx.tmp"), new byte[] {1});
    Files.write(dir.resolve("snapshots/00000000000000000002.snap.tmp"), new byte[] {1});

    try (DiskTarget t = DiskTarget.open(dir)) {
      assertThat(tree(dir)).noneMatch(p -> p.endsWith(".tmp")).noneMatch(p -> p.contains(orphanId));
      assertThat(containers(dir)).containsExactly(real);
      assertThat(t.restore(1, null, out).failures()).isEmpty();
      assertThat(t.verify(true).ok()).isTrue();
    }
  }

  @Test
  void openWhileAWriterHoldsTheLockLeavesItsFilesAlone() throws IOException {
    try (DiskTarget t = DiskTarget.openOrCreate(dir);
        SnapshotWriter w = t.newSnapshot(1, "h", OptionalLong.empty())) {
      // Three containers' worth of 1 MiB chunks: containers are written in the background, and
      // sealing the second waits until the first is on disk (the second may still be in flight).
      Fixtures.put(w, "big", Fixtures.bytes(1, 33 << 20), 1 << 20, 0644);
      List<Path> sealed = finishedContainers(dir);
      assertThat(sealed).isNotEmpty();
      try (DiskTarget reader = DiskTarget.open(dir)) {
        assertThat(finishedContainers(dir)).containsAll(sealed);
        assertThat(reader.snapshots()).isEmpty();
      }
      w.commit();
      assertThat(t.readSnapshot(1).entries()).hasSize(1);
      assertThat(finishedContainers(dir)).containsAll(sealed).hasSize(3);
    }
  }

  /** Container files, without the temp file of one being written. */
  private static List<Path> finishedContainers(Path dir) throws IOException {
    return containers(dir).stream().filter(p -> !p.toString().endsWith(".tmp")).toList();
  }

  @Test
  void damagedIndexKeepsContainersAndVerifyNamesTheFilesThatLostTheirChunks() throws IOException {
    try (DiskTarget t = DiskTarget.openOrCreate(dir)) {
      try (SnapshotWriter w = t.newSnapshot(1, "h", OptionalLong.empty())) {
        Fixtures.put(w, "a", Fixtures.bytes(1, 3000));
        w.commit();
      }
    }
    List<Path> before = containers(dir);
    CorruptionTest.flipAt(dir.resolve("index/1.idx"), 20);
    try (DiskTarget t = DiskTarget.open(dir)) {
      assertThat(containers(dir)).isEqualTo(before);
      VerifyReport report = t.verify(false);
      assertThat(report.damages()).extracting(Damage::what).contains("index index/1.idx");
      assertThat(report.damages())
          .filteredOn(d -> d.what().startsWith("chunk "))
          .singleElement()
          .satisfies(d -> assertThat(d.affected()).containsExactly(new AffectedEntry(1, "a")));
      RestoreResult r = t.restore(1, null, out);
      assertThat(r.failures()).singleElement().asString().contains("not in the target index");
    }
  }

  @Test
  void regressionAContainerWriteThatFailedLeftItsFanOutDirectory() throws IOException {
    FaultyFs fs =
        new FaultyFs(
            (op, p) -> op.equals("write") && p.startsWith(dir.resolve("data")),
            p -> new TargetFullException(p, new IOException("No space left on device")));
    try (DiskTarget t = DiskTarget.openOrCreate(dir, options(fs))) {
      List<String> before = tree(dir);
      try (SnapshotWriter w = t.newSnapshot(1, "h", OptionalLong.empty())) {
        Fixtures.put(w, "a", Fixtures.bytes(1, 3000));
        assertThatThrownBy(w::commit).isInstanceOf(TargetFullException.class);
      }
      assertThat(tree(dir)).isEqualTo(before);
    }
  }

  @Test
  void aContainerWriteThatFailsInTheBackgroundFailsTheWriterAndItsAbortLeavesNoTrace()
      throws IOException {
    FaultyFs fs =
        new FaultyFs(
            (op, p) -> op.equals("write") && p.startsWith(dir.resolve("data")),
            p -> new TargetFullException(p, new IOException("No space left on device")));
    try (DiskTarget t = DiskTarget.openOrCreate(dir, options(fs))) {
      List<String> before = tree(dir);
      try (SnapshotWriter w = t.newSnapshot(1, "h", OptionalLong.empty())) {
        // Three 1 MiB containers: sealing the third waits for the first, whose write failed.
        assertThatThrownBy(() -> Fixtures.put(w, "a", Fixtures.bytes(1, 3 << 20), 64 << 10, 0644))
            .isInstanceOf(TargetFullException.class);
        // The failed container's chunks were handed out as stored: the writer takes no more.
        assertThatThrownBy(w::commit).hasMessageContaining("could not be written");
      }
      assertThat(tree(dir)).isEqualTo(before);
      assertThat(t.snapshots()).isEmpty();
    }
  }

  /**
   * The index was renamed into place but the fsync of index/ failed: the commit failed, and the
   * abort deleted the containers the index names, so the next commit deduped against chunks that
   * were gone and its file could not be read.
   */
  @Test
  void regressionAnIndexWhoseDirectoryFsyncFailedLostItsContainersToTheAbort() throws IOException {
    byte[] a = Fixtures.bytes(1, 3000);
    FaultyFs fs =
        new FaultyFs(
            (op, p) -> op.equals("fsyncDir") && p.equals(dir.resolve("index")),
            p -> new IOException("injected I/O error"));
    try (DiskTarget t = DiskTarget.openOrCreate(dir, options(fs))) {
      try (SnapshotWriter w = t.newSnapshot(1, "h", OptionalLong.empty())) {
        Fixtures.put(w, "a", a);
        assertThatThrownBy(w::commit).hasMessageContaining("injected");
      }
      FileEntry e;
      try (SnapshotWriter w = t.newSnapshot(2, "h", OptionalLong.empty())) {
        e = Fixtures.put(w, "a", a);
        w.commit();
      }
      assertThat(Fixtures.read(t, e)).isEqualTo(a);
      assertThat(t.verify(true).damages()).isEmpty();
    }
  }

  private static DiskOptions options(TargetFs fs) {
    return new DiskOptions(fs, 1 << 20, TargetFile::randomId);
  }

  static List<Path> containers(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir.resolve("data"))) {
      return s.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
    }
  }

  static List<String> tree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.map(p -> dir.relativize(p).toString()).sorted().collect(Collectors.toList());
    }
  }
}
