package dev.ferry.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PruneTest {
  @TempDir Path tmp;

  private Path dir() {
    return tmp.resolve("t");
  }

  private long containers() throws IOException {
    try (Stream<Path> s = Files.walk(dir().resolve("data"))) {
      return s.filter(Files::isRegularFile).count();
    }
  }

  private long indexFiles() throws IOException {
    try (Stream<Path> s = Files.list(dir().resolve("index"))) {
      return s.count();
    }
  }

  /**
   * One commit: its files, each file a map path → content; returns nothing, stores one container.
   */
  private static void commit(DiskTarget t, long id, Map<String, byte[]> files) throws IOException {
    try (SnapshotWriter w = t.newSnapshot(id, "h", OptionalLong.empty())) {
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        Fixtures.put(w, f.getKey(), f.getValue());
      }
      w.commit();
    }
  }

  private void assertRestores(DiskTarget t, long id, Map<String, byte[]> files) throws IOException {
    Path out = tmp.resolve("restore-" + id + "-" + System.nanoTime());
    assertThat(t.restore(id, null, out).failures()).isEmpty();
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      assertThat(out.resolve(f.getKey())).hasBinaryContent(f.getValue());
    }
  }

  @Test
  void chunksOnlyForgottenSnapshotsUsedAreRemovedAndTheKeptOnesStillRestore() throws IOException {
    Map<String, byte[]> first =
        Map.of("a", Fixtures.bytes(1, 40_000), "b", Fixtures.bytes(2, 9000));
    Map<String, byte[]> second =
        Map.of("a", Fixtures.bytes(1, 40_000), "c", Fixtures.bytes(3, 5000));
    try (DiskTarget t = DiskTarget.openOrCreate(dir())) {
      commit(t, 1, first);
      commit(t, 2, second); // "a" deduplicated: its chunks stay in the first container
      t.forget(List.of(1L));
      PruneReport r = t.prune(0);
      // b's 3 chunks go; a's 10 chunks are moved out of the first container, which is deleted.
      assertThat(r.snapshots()).isEqualTo(1);
      assertThat(r.chunksRemoved()).isEqualTo(3);
      assertThat(r.containersRepacked()).isEqualTo(1);
      assertThat(r.containersDeleted()).isEqualTo(1);
      assertThat(r.bytesReclaimed()).isGreaterThanOrEqualTo(9000);
      assertThat(t.hasChunk(ChunkHash.of(first.get("b"), 0, 4096))).isFalse();
      assertRestores(t, 2, second);
      assertThat(t.verify(true).ok()).isTrue();
    }
    try (DiskTarget reopened = DiskTarget.open(dir())) {
      assertRestores(reopened, 2, second);
      assertThat(reopened.verify(true).ok()).isTrue();
      assertThat(indexFiles()).isEqualTo(1);
    }
  }

  @Test
  void aPartlyUsedContainerUnderTheThresholdIsKeptAsItIs() throws IOException {
    Map<String, byte[]> first =
        Map.of("a", Fixtures.bytes(1, 90_000), "b", Fixtures.bytes(2, 4000));
    Map<String, byte[]> second = Map.of("a", Fixtures.bytes(1, 90_000));
    try (DiskTarget t = DiskTarget.openOrCreate(dir())) {
      commit(t, 1, first);
      commit(t, 2, second);
      t.forget(List.of(1L));
      PruneReport r = t.prune(10); // 4000 of 94000 bytes unused: ~4 %
      assertThat(r.containersRepacked()).isZero();
      assertThat(r.containersDeleted()).isZero();
      assertThat(r.chunksRemoved()).isEqualTo(1);
      assertThat(containers()).isEqualTo(1);
      assertRestores(t, 2, second);
      assertThat(t.verify(true).ok()).isTrue();
    }
  }

  @Test
  void aSecondPruneFindsNothingToDo() throws IOException {
    try (DiskTarget t = DiskTarget.openOrCreate(dir())) {
      commit(t, 1, Map.of("a", Fixtures.bytes(1, 10_000)));
      commit(t, 2, Map.of("b", Fixtures.bytes(2, 10_000)));
      t.forget(List.of(1L));
      t.prune(5);
      PruneReport again = t.prune(5);
      assertThat(again.chunksRemoved()).isZero();
      assertThat(again.containersDeleted()).isZero();
      assertThat(again.containersRepacked()).isZero();
      assertThat(again.indexFilesReplaced()).isZero();
    }
  }

  @Test
  void whatACrashedCommitLeftIndexedButUnreferencedIsReclaimedAndTheRetryStillWorks()
      throws IOException {
    byte[] a = Fixtures.bytes(1, 20_000);
    try (DiskTarget t = DiskTarget.openOrCreate(dir())) {
      commit(t, 1, Map.of("a", a));
      // Snapshot 2's containers and index written, root not: what a crash before the root leaves.
      commit(t, 2, Map.of("b", Fixtures.bytes(2, 8000)));
      Files.delete(dir().resolve("snapshots/00000000000000000002.snap"));
      PruneReport r = t.prune(0);
      assertThat(r.chunksRemoved()).isEqualTo(2);
      assertThat(indexFiles()).isEqualTo(1);
      commit(t, 2, Map.of("a", a, "b", Fixtures.bytes(2, 8000)));
      assertRestores(t, 2, Map.of("a", a, "b", Fixtures.bytes(2, 8000)));
      assertThat(t.verify(true).ok()).isTrue();
    }
  }

  @Test
  void aDamagedRootMakesPruneRefuseAndRemoveNothing() throws IOException {
    try (DiskTarget t = DiskTarget.openOrCreate(dir())) {
      commit(t, 1, Map.of("a", Fixtures.bytes(1, 10_000)));
      commit(t, 2, Map.of("b", Fixtures.bytes(2, 10_000)));
      commit(t, 3, Map.of("c", Fixtures.bytes(3, 10_000)));
      t.forget(List.of(1L));
      Path root2 = dir().resolve("snapshots/00000000000000000002.snap");
      byte[] bytes = Files.readAllBytes(root2);
      bytes[bytes.length - 10] ^= 1;
      Files.write(root2, bytes);
      long before = containers();
      assertThatThrownBy(() -> t.prune(0))
          .isInstanceOf(PruneRefusedException.class)
          .hasMessageContaining("snapshot 2 cannot be read");
      assertThat(containers()).isEqualTo(before);
      assertThat(indexFiles()).isEqualTo(3);
    }
  }

  @Test
  void aDamagedIndexFileMakesPruneRefuseAndRemoveNothing() throws IOException {
    try (DiskTarget t = DiskTarget.openOrCreate(dir())) {
      commit(t, 1, Map.of("a", Fixtures.bytes(1, 10_000)));
      commit(t, 2, Map.of("b", Fixtures.bytes(2, 10_000)));
      t.forget(List.of(1L));
      Path idx = dir().resolve("index/2.idx");
      byte[] bytes = Files.readAllBytes(idx);
      bytes[20] ^= 1;
      Files.write(idx, bytes);
      assertThatThrownBy(() -> t.prune(0))
          .isInstanceOf(PruneRefusedException.class)
          .hasMessageContaining("index/2.idx is corrupt");
      assertThat(containers()).isEqualTo(2);
    }
  }

  @Test
  void randomHistoriesOfCopiesForgetsAndPrunesNeverLoseAKeptSnapshotsBytes() throws IOException {
    Random rnd = new Random(20261202);
    long removed = 0;
    long repacked = 0;
    for (int run = 0; run < 15; run++) {
      Path d = tmp.resolve("run" + run);
      Map<Long, Map<String, byte[]>> kept = new HashMap<>();
      byte[][] pool = new byte[12][];
      for (int i = 0; i < pool.length; i++) {
        pool[i] = Fixtures.bytes(run * 100L + i, 1000 + rnd.nextInt(30_000));
      }
      try (DiskTarget t = DiskTarget.openOrCreate(d)) {
        long next = 1;
        for (int step = 0; step < 12; step++) {
          int op = rnd.nextInt(4);
          if (op <= 1 || kept.isEmpty()) {
            Map<String, byte[]> files = new HashMap<>();
            for (int f = 0, n = 1 + rnd.nextInt(4); f < n; f++) {
              files.put("f" + rnd.nextInt(6), pool[rnd.nextInt(pool.length)]);
            }
            try (SnapshotWriter w = t.newSnapshot(next, "h", OptionalLong.empty())) {
              for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Fixtures.put(w, f.getKey(), f.getValue(), 1024 + rnd.nextInt(4096), 0644);
              }
              w.commit();
            }
            kept.put(next++, files);
          } else if (op == 2 && kept.size() > 1) {
            long newest = kept.keySet().stream().mapToLong(Long::longValue).max().getAsLong();
            List<Long> victims =
                kept.keySet().stream().filter(id -> id != newest && rnd.nextBoolean()).toList();
            t.forget(victims);
            victims.forEach(kept::remove);
          } else {
            PruneReport r = t.prune(rnd.nextInt(101));
            removed += r.chunksRemoved();
            repacked += r.containersRepacked();
          }
        }
        removed += t.prune(0).chunksRemoved();
        for (Map.Entry<Long, Map<String, byte[]>> s : kept.entrySet()) {
          assertRestores(t, s.getKey(), s.getValue());
        }
        assertThat(t.verify(true).ok()).as("run %d", run).isTrue();
        assertThat(t.snapshots())
            .extracting(SnapshotInfo::id)
            .containsExactlyInAnyOrderElementsOf(kept.keySet());
      }
    }
  }
}
