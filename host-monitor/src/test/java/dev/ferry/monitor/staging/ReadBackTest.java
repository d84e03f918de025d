package dev.ferry.monitor.staging;

import static dev.ferry.monitor.staging.Staged.KIB;
import static dev.ferry.monitor.staging.Staged.MIB;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadBackTest {
  @TempDir Path dir;
  @TempDir Path scratch;

  private final Map<Long, byte[]> expected = new HashMap<>();
  private final Map<String, Long> newestUnreleased = new HashMap<>();

  private static byte[] change(byte[] cur, SplittableRandom r) {
    int at = r.nextInt(Math.max(1, cur.length));
    return switch (r.nextInt(5)) {
      case 0 -> Staged.random(r.nextLong(), 64 * KIB + r.nextInt(MIB));
      case 1 -> Staged.inserted(cur, at, Staged.random(r.nextLong(), 1 + r.nextInt(5000)));
      case 2 -> java.util.Arrays.copyOf(cur, at);
      default -> cur.length < 16 ? cur : Staged.edited(cur, Math.min(at, cur.length - 9), 8, 5);
    };
  }

  private void checkAll(StagingStore s) throws Exception {
    for (Map.Entry<Long, byte[]> e : expected.entrySet()) {
      Optional<StagedVersion> v = s.open(e.getKey());
      if (v.isPresent()) {
        v.get().close();
        assertThat(Staged.read(s, e.getKey())).as("stage %d", e.getKey()).isEqualTo(e.getValue());
      }
    }
    for (Map.Entry<String, Long> e : newestUnreleased.entrySet()) {
      assertThat(s.open(e.getValue())).as("newest of %s", e.getKey()).isPresent();
    }
  }

  @Test
  void everyVersionReadsBackByteExactAfterLaterSavesReleasesEvictionsAndReopens() throws Exception {
    SplittableRandom r = new SplittableRandom(20261201);
    String[] paths = {"notes.txt", "deck/slides.pptx", "sheet.xlsx"};
    Map<String, byte[]> current = new HashMap<>();
    for (String p : paths) {
      current.put(p, Staged.random(r.nextLong(), 512 * KIB));
    }
    long quota = 6 * MIB;
    int refused = 0;
    for (int round = 0; round < 3; round++) {
      try (StagingStore s = StagingStore.open(dir, quota)) {
        checkAll(s);
        for (int i = 0; i < 25; i++) {
          String p = paths[r.nextInt(paths.length)];
          byte[] next = change(current.get(p), r);
          current.put(p, next);
          long id;
          try {
            id = Staged.stage(s, scratch, p, next);
          } catch (StagingQuotaExceededException e) {
            refused++; // the newest versions of the other paths alone leave no room: allowed
            checkAll(s);
            continue;
          }
          expected.put(id, next);
          newestUnreleased.put(p, id);
          if (r.nextInt(4) == 0) {
            List<Long> ids = s.versions(Staged.ROOT, p);
            long victim = ids.get(r.nextInt(ids.size()));
            s.release(victim);
            newestUnreleased.values().remove(victim);
          }
          checkAll(s);
          assertThat(s.usage().usedBytes()).isLessThanOrEqualTo(quota);
        }
        assertThat(s.usage().damagedFiles()).isZero();
      }
      quota -= MIB; // reopen with less room: the next commits evict more
    }
    assertThat(refused).isLessThan(10);
    try (StagingStore s = StagingStore.open(dir, quota)) {
      checkAll(s);
      assertThat(s.usage().versionsEvicted()).as("the quota was tight").isPositive();
    }
  }

  @Test
  void anOpenVersionStaysReadableWhileItIsEvictedAndItsChunksCompacted() throws Exception {
    byte[] v1 = Staged.random(1, MIB);
    byte[] v2 = Staged.edited(v1, 10 * KIB, 10, 2);
    byte[] b = Staged.random(3, MIB);
    long used;
    try (StagingStore s = StagingStore.open(dir, Long.MAX_VALUE)) {
      Staged.stage(s, scratch, "a", v1);
      Staged.stage(s, scratch, "a", v2);
      used = s.usage().usedBytes();
    }
    try (StagingStore s = StagingStore.open(dir, used + Staged.fullPackSize(scratch, "b", b) - 1);
        StagedVersion open = s.open(1).orElseThrow()) {
      Staged.stage(s, scratch, "b", b);
      assertThat(s.open(1)).as("evicted meanwhile").isEmpty();
      assertThat(s.usage().residueBytes()).as("compacted").isLessThan(MIB);
      assertThat(open.newInputStream().readAllBytes()).isEqualTo(v1);
    }
  }

  @Test
  void aReleasedVersionIsTheBaseOfTheNextDeltaAndOlderBasesGo() throws Exception {
    byte[] v1 = Staged.random(1, MIB);
    byte[] v2 = Staged.edited(v1, 10 * KIB, 10, 2);
    byte[] v3 = Staged.edited(v2, 900 * KIB, 10, 3);
    try (StagingStore s = StagingStore.open(dir, 64 * MIB)) {
      long a1 = Staged.stage(s, scratch, "a", v1);
      assertThat(s.release(a1)).isTrue();
      assertThat(s.release(a1)).as("idempotent").isTrue();
      try (StagedVersion base = s.open(a1).orElseThrow()) {
        assertThat(base.released()).isTrue();
      }
      long a2;
      try (StageWriter w = Staged.writer(s, scratch, "a", v2)) {
        assertThat(w.copiedChunks()).as("delta against the base").isBetween(1, 2);
        a2 = w.commit();
      }
      s.release(a2);
      assertThat(s.open(a1)).as("only the newest released version stays a base").isEmpty();
      assertThat(s.versions(Staged.ROOT, "a")).containsExactly(a2);
      long a3 = Staged.stage(s, scratch, "a", v3);
      assertThat(Staged.read(s, a3)).isEqualTo(v3);
      assertThat(Staged.read(s, a2)).isEqualTo(v2);
      assertThat(s.release(12345)).isFalse();
      assertThat(new HashSet<>(s.versions(Staged.ROOT, "a"))).containsExactlyInAnyOrder(a2, a3);
    }
  }
}
