package dev.ferry.monitor.staging;

import static dev.ferry.monitor.staging.Staged.KIB;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 200 rounds of damage to a copy of a small real store (versions, a base, residues): flipped bytes
 * anywhere in any file, truncations. Every open succeeds; every version reads back either
 * byte-exact or as a {@link StagedChunkDamagedException}, or is gone; never other bytes.
 */
class RandomDamageTest {
  @TempDir Path tmp;

  @Test
  void damageAnywhereYieldsCleanErrorsOrRecoveryNeverWrongBytes() throws Exception {
    Path pristine = tmp.resolve("pristine");
    Map<Long, byte[]> expected = build(pristine, tmp.resolve("scratch"));
    List<Path> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(pristine)) {
      walk.filter(f -> f.toFile().isFile() && f.toFile().length() > 0)
          .sorted()
          .forEach(files::add); // not the lock
    }
    SplittableRandom r = new SplittableRandom(20261201);
    int damagedReads = 0;
    for (int round = 0; round < 200; round++) {
      Path work = copy(pristine, tmp.resolve("work"));
      Path victim = work.resolve(pristine.relativize(files.get(r.nextInt(files.size()))));
      damage(victim, r);
      try (StagingStore s = StagingStore.open(work, 1L << 30)) {
        for (Map.Entry<Long, byte[]> e : expected.entrySet()) {
          damagedReads += readsExactOrFailsCleanly(s, e.getKey(), e.getValue()) ? 0 : 1;
        }
        Staged.stage(s, tmp.resolve("scratch"), "after", Staged.random(round, 40 * KIB));
      }
    }
    assertThat(damagedReads).as("some damage was seen").isPositive();
  }

  /** True if the version read back exact or is gone; false if it failed cleanly. */
  private static boolean readsExactOrFailsCleanly(StagingStore s, long id, byte[] want)
      throws IOException {
    try {
      Optional<StagedVersion> v = s.open(id);
      if (v.isEmpty()) {
        return true;
      }
      try (StagedVersion open = v.get()) {
        assertThat(open.newInputStream().readAllBytes()).as("stage %d", id).isEqualTo(want);
      }
      return true;
    } catch (StagedChunkDamagedException e) {
      assertThat(e.stageId()).isEqualTo(id);
      return false;
    }
  }

  private static void damage(Path f, SplittableRandom r) throws IOException {
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = ch.size();
      if (r.nextInt(4) == 0) {
        ch.truncate(r.nextLong(size));
        return;
      }
      for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) {
        // Aim at the metadata half the time: the data section is most of every pack.
        long at = r.nextBoolean() ? r.nextLong(size) : Math.max(0, size - 1 - r.nextInt(200));
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1);
        ch.read(b, at);
        b.put(0, (byte) (b.get(0) ^ (1 << r.nextInt(8)))).rewind();
        ch.write(b, at);
      }
    }
  }

  private static Map<Long, byte[]> build(Path dir, Path scratch) throws IOException {
    Files.createDirectories(scratch);
    Map<Long, byte[]> expected = new HashMap<>();
    byte[] a = Staged.random(1, 200 * KIB);
    byte[] b = Staged.random(2, 150 * KIB);
    try (StagingStore s = StagingStore.open(dir, 1L << 30)) {
      for (int i = 0; i < 4; i++) {
        a = Staged.edited(a, 20 * KIB + i * 40 * KIB, 10, i);
        expected.put(Staged.stage(s, scratch, "a", a), a);
        b = Staged.inserted(b, 30 * KIB * (i + 1), Staged.random(10 + i, 100));
        expected.put(Staged.stage(s, scratch, "dir/b", b), b);
      }
      s.release(1);
      s.release(3); // 1 becomes a residue, 3 the base of "a"
    }
    return expected;
  }

  private static Path copy(Path from, Path to) throws IOException {
    if (Files.exists(to)) {
      try (Stream<Path> walk = Files.walk(to)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Files.copy(p, to.resolve(from.relativize(p)), StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
    return to;
  }
}
