package dev.ferry.target;

import static org.assertj.core.api.Assertions.assertThat;

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
        Fixtures.put(w, "big", Fixtures.bytes(1, 20 << 20), 1 << 20, 0644); // seals one container
        assertThat(RoundTripTest.containerCount(dir)).isEqualTo(1);
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
      Fixtures.put(w, "big", Fixtures.bytes(1, 17 << 20), 1 << 20, 0644); // one sealed container
      try (DiskTarget reader = DiskTarget.open(dir)) {
        assertThat(RoundTripTest.containerCount(dir)).isEqualTo(1);
        assertThat(reader.snapshots()).isEmpty();
      }
      w.commit();
      assertThat(t.readSnapshot(1).entries()).hasSize(1);
    }
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
