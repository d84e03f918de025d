package dev.ferry.monitor.staging;

import static dev.ferry.monitor.staging.Staged.KIB;
import static dev.ferry.monitor.staging.Staged.MIB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuotaEvictionTest {
  @TempDir Path dir;
  @TempDir Path scratch;

  private long stage(StagingStore s, String path, long seed) throws Exception {
    return Staged.stage(s, scratch, path, Staged.random(seed, MIB));
  }

  @Test
  void releasedBasesAreEvictedFirstAndCostNoVersion() throws Exception {
    try (StagingStore s = StagingStore.open(dir, 3 * MIB + 64 * KIB)) {
      long a1 = stage(s, "a", 1);
      assertThat(s.release(a1)).isTrue();
      long b1 = stage(s, "b", 2);
      long b2 = stage(s, "b", 3);
      long c1 = stage(s, "c", 4);
      assertThat(s.open(a1)).isEmpty();
      assertThat(s.versions(Staged.ROOT, "b")).containsExactly(b1, b2);
      assertThat(s.open(c1)).isPresent();
      StagingUsage u = s.usage();
      assertThat(u.basesEvicted()).isEqualTo(1);
      assertThat(u.versionsEvicted()).isZero();
      assertThat(u.lastEvictionWarning()).isEmpty();
      assertThat(u.usedBytes()).isLessThanOrEqualTo(3 * MIB + 64 * KIB);
    }
  }

  @Test
  void thenTheOldestUnreleasedVersionsAcrossPathsButNeverTheNewestOfAPath() throws Exception {
    try (StagingStore s = StagingStore.open(dir, 4 * MIB + 512 * KIB)) {
      long a1 = stage(s, "a", 1);
      long b1 = stage(s, "b", 2);
      long a2 = stage(s, "a", 3);
      long b2 = stage(s, "b", 4);
      long c1 = stage(s, "c", 5);
      assertThat(s.open(a1)).as("oldest intermediate").isEmpty();
      long c2 = stage(s, "c", 6);
      assertThat(s.open(b1)).as("next oldest, another path").isEmpty();
      long c3 = stage(s, "c", 7);
      assertThat(s.open(c1)).as("a2 and b2 are the newest of their paths").isEmpty();
      for (long id : new long[] {a2, b2, c2, c3}) {
        assertThat(s.open(id)).as("stage %d", id).isPresent();
      }
      StagingUsage u = s.usage();
      assertThat(u.versionsEvicted()).isEqualTo(3);
      assertThat(u.lastEvictionWarning().orElseThrow())
          .contains("staged version " + c1)
          .contains(Staged.ROOT + " : c")
          .contains("saved at 2025-12-01T12:00:00Z")
          .contains("lost");
      assertThat(u.lastEvictionAt()).isPresent();
    }
    try (StagingStore s = StagingStore.open(dir, 4 * MIB + 512 * KIB)) {
      assertThat(s.usage().versionsEvicted()).as("counts survive a reopen").isEqualTo(3);
      assertThat(s.usage().lastEvictionWarning()).isPresent();
    }
  }

  @Test
  void aCommitThatCannotFitFailsCleanlyAndEvictsNothing() throws Exception {
    try (StagingStore s = StagingStore.open(dir, 2 * MIB + 512 * KIB)) {
      long a1 = stage(s, "a", 1);
      long b1 = stage(s, "b", 2);
      StagingUsage before = s.usage();
      assertThatThrownBy(() -> stage(s, "c", 3))
          .isInstanceOf(StagingQuotaExceededException.class)
          .hasMessageContaining("c")
          .hasMessageContaining("nothing was evicted");
      assertThat(s.usage()).isEqualTo(before);
      assertThat(Staged.read(s, a1)).isEqualTo(Staged.random(1, MIB));
      assertThat(Staged.read(s, b1)).isEqualTo(Staged.random(2, MIB));
      try (Stream<Path> files = Files.list(dir.resolve("packs"))) {
        assertThat(files).noneMatch(f -> f.toString().endsWith(".tmp"));
      }
      long c = Staged.stage(s, scratch, "c", Staged.random(3, 256 * KIB));
      assertThat(s.open(c)).as("a smaller save still fits").isPresent();
    }
  }

  @Test
  void aSaveWhoseOwnCopiesPassTheQuotaFailsWhileMapping() throws Exception {
    try (StagingStore s = StagingStore.open(dir, MIB)) {
      assertThatThrownBy(() -> Staged.writer(s, scratch, "big", Staged.random(1, 2 * MIB)))
          .isInstanceOf(StagingQuotaExceededException.class)
          .hasMessageContaining("alone exceed the quota");
      assertThat(s.usage().usedBytes()).isZero();
      try (Stream<Path> files = Files.list(dir.resolve("packs"))) {
        assertThat(files).isEmpty();
      }
    }
  }

  @Test
  void aVersionThatWouldFreeNothingIsNotEvicted() throws Exception {
    byte[] x = Staged.random(1, MIB);
    try (StagingStore s = StagingStore.open(dir, 3 * MIB + 512 * KIB)) {
      long a1 = Staged.stage(s, scratch, "a", x);
      long a2 = Staged.stage(s, scratch, "a", x); // shares every chunk of a1
      long b1 = stage(s, "b", 2);
      stage(s, "b", 3);
      stage(s, "c", 4);
      assertThat(s.open(b1)).isEmpty();
      assertThat(Staged.read(s, a1)).as("evicting it would free nothing").isEqualTo(x);
      assertThat(Staged.read(s, a2)).isEqualTo(x);
      assertThat(s.usage().versionsEvicted()).isEqualTo(1);
    }
  }

  @Test
  void evictingAVersionKeepsTheChunksLaterVersionsShare() throws Exception {
    byte[] v1 = Staged.random(1, MIB);
    byte[] v2 = Staged.edited(v1, 300 * KIB, 10, 2);
    byte[] v3 = Staged.edited(v2, 700 * KIB, 10, 3);
    byte[] b = Staged.random(4, MIB);
    long used;
    try (StagingStore s = StagingStore.open(dir, Long.MAX_VALUE)) {
      Staged.stage(s, scratch, "a", v1);
      Staged.stage(s, scratch, "a", v2);
      Staged.stage(s, scratch, "a", v3);
      used = s.usage().usedBytes();
    }
    // One byte short: only evicting a1 frees anything (a2's own chunk is a3's too).
    long quota = used + Staged.fullPackSize(scratch, "b", b) - 1;
    try (StagingStore s = StagingStore.open(dir, quota)) {
      Staged.stage(s, scratch, "b", b);
      assertThat(s.open(1)).isEmpty();
      assertThat(s.usage().versionsEvicted()).isEqualTo(1);
      assertThat(s.usage().residueBytes()).as("a1's chunks a2 and a3 still use").isPositive();
      assertThat(s.usage().usedBytes()).isLessThanOrEqualTo(quota);
      assertThat(Staged.read(s, 2)).isEqualTo(v2);
      assertThat(Staged.read(s, 3)).isEqualTo(v3);
    }
    try (StagingStore s = StagingStore.open(dir, quota)) {
      assertThat(Staged.read(s, 2)).isEqualTo(v2);
      assertThat(Staged.read(s, 3)).isEqualTo(v3);
    }
  }
}
