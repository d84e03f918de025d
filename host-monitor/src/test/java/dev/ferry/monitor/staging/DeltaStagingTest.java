package dev.ferry.monitor.staging;

import static dev.ferry.monitor.staging.Staged.KIB;
import static dev.ferry.monitor.staging.Staged.MIB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeltaStagingTest {
  @TempDir Path dir;
  @TempDir Path scratch;

  @Test
  void aOneMiBFileEditedInOnePlaceStagesAboutOneChunk() throws Exception {
    byte[] v1 = Staged.random(1, MIB);
    byte[] v2 = Staged.edited(v1, 600 * KIB, 100, 2);
    try (StagingStore store = StagingStore.open(dir, 64 * MIB)) {
      long first;
      try (StageWriter w = Staged.writer(store, scratch, "report.odt", v1)) {
        assertThat(w.copiedBytes()).isEqualTo(MIB);
        assertThat(w.pointerEntries()).isEqualTo(1);
        first = w.commit();
      }
      long used = store.usage().usedBytes();
      try (StageWriter w = Staged.writer(store, scratch, "report.odt", v2)) {
        // One chunk, two if the edit is near a cut point; average chunk ~73 KiB, max 256 KiB.
        assertThat(w.copiedChunks()).isBetween(1, 2);
        assertThat(w.copiedBytes()).isLessThan(300 * KIB);
        assertThat(w.pointerEntries()).isLessThanOrEqualTo(3);
        long second = w.commit();
        assertThat(second).isGreaterThan(first);
        long packBytes = store.usage().usedBytes() - used;
        assertThat(packBytes).isLessThan(w.copiedBytes() + 1024);
        assertThat(Staged.read(store, second)).isEqualTo(v2);
      }
      assertThat(Staged.read(store, first)).isEqualTo(v1);
    }
  }

  @Test
  void savingTheSameBytesAgainCopiesNothing() throws Exception {
    byte[] v = Staged.random(3, 3 * MIB);
    try (StagingStore store = StagingStore.open(dir, 64 * MIB)) {
      Staged.stage(store, scratch, "a.bin", v);
      try (StageWriter w = Staged.writer(store, scratch, "a.bin", v)) {
        assertThat(w.copiedBytes()).isZero();
        assertThat(w.pointerEntries()).isEqualTo(1); // one range for the whole file
        assertThat(Staged.read(store, w.commit())).isEqualTo(v);
      }
    }
  }

  @Test
  void anInsertCopiesOnlyTheChunksAroundIt() throws Exception {
    byte[] v1 = Staged.random(4, 4 * MIB);
    byte[] v2 = Staged.inserted(v1, 2 * MIB, Staged.random(5, 3000));
    try (StagingStore store = StagingStore.open(dir, 64 * MIB)) {
      Staged.stage(store, scratch, "a.bin", v1);
      try (StageWriter w = Staged.writer(store, scratch, "a.bin", v2)) {
        assertThat(w.copiedChunks()).isBetween(1, 2);
        assertThat(Staged.read(store, w.commit())).isEqualTo(v2);
      }
    }
  }

  @Test
  void repeatedChunksWithinOneSaveAreCopiedOnce() throws Exception {
    byte[] zeros = new byte[2 * MIB]; // cut at the 256 KiB maximum: 8 equal chunks
    try (StagingStore store = StagingStore.open(dir, 64 * MIB)) {
      try (StageWriter w = Staged.writer(store, scratch, "zeros", zeros)) {
        assertThat(w.copiedChunks()).isEqualTo(1);
        assertThat(w.blocks()).isEqualTo(8);
        assertThat(Staged.read(store, w.commit())).isEqualTo(zeros);
      }
    }
  }

  @Test
  void theSameBytesUnderAnotherPathAreCopiedAgain() throws Exception {
    byte[] v = Staged.random(6, MIB);
    try (StagingStore store = StagingStore.open(dir, 64 * MIB)) {
      Staged.stage(store, scratch, "a.bin", v);
      try (StageWriter w = Staged.writer(store, scratch, "b.bin", v)) {
        assertThat(w.copiedBytes()).isEqualTo(MIB);
        w.commit();
      }
      try (StageWriter w = store.begin("/other/root", "a.bin")) {
        new dev.ferry.monitor.blockmap.BlockMapper(dev.ferry.monitor.blockmap.FastCdc.standard())
            .map(Files.write(scratch.resolve("f"), v), w);
        assertThat(w.copiedBytes()).isEqualTo(MIB);
      }
    }
  }

  @Test
  void theStagedBlockMapIsTheMappersBlockMap() throws Exception {
    byte[] v1 = Staged.random(7, 2 * MIB);
    byte[] v2 = Staged.edited(v1, 100, 10, 8);
    try (StagingStore store = StagingStore.open(dir, 64 * MIB)) {
      Staged.stage(store, scratch, "a.bin", v1);
      long id = Staged.stage(store, scratch, "a.bin", v2);
      try (StagedVersion v = store.open(id).orElseThrow()) {
        assertThat(v.blocks()).isEqualTo(Staged.map(scratch, v2));
        assertThat(v.path()).isEqualTo("a.bin");
        assertThat(v.root()).isEqualTo(Staged.ROOT);
        assertThat(v.savedAtNanos()).isEqualTo(1_764_590_400_000_000_000L);
        for (int i = 0; i < v.blocks().blocks().size(); i++) {
          var b = v.blocks().blocks().get(i);
          byte[] expected = java.util.Arrays.copyOfRange(v2, (int) b.offset(), (int) b.end());
          assertThat(v.readChunk(i)).isEqualTo(expected);
        }
      }
    }
  }

  @Test
  void anEmptyFileStagesAnEmptyVersion() throws Exception {
    try (StagingStore store = StagingStore.open(dir, MIB)) {
      long id = Staged.stage(store, scratch, "empty", new byte[0]);
      assertThat(Staged.read(store, id)).isEmpty();
    }
  }

  @Test
  void aFingerprintThatIsNotTheChunksIsRefusedAndAbortsTheWriter() throws Exception {
    try (StagingStore store = StagingStore.open(dir, MIB)) {
      StageWriter w = store.begin(Staged.ROOT, "a");
      byte[] b = Staged.random(9, 100);
      assertThatThrownBy(() -> w.chunk(0, b, 0, b.length, 42L))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("XXH3");
      assertThatThrownBy(w::commit).isInstanceOf(IllegalStateException.class);
      assertThat(Files.list(dir.resolve("packs"))).isEmpty();
    }
  }

  @Test
  void chunksOutOfFileOrderAreRefused() throws Exception {
    try (StagingStore store = StagingStore.open(dir, MIB);
        StageWriter w = store.begin(Staged.ROOT, "a")) {
      byte[] b = Staged.random(10, 100);
      long fp = net.openhft.hashing.LongHashFunction.xx3().hashBytes(b);
      assertThatThrownBy(() -> w.chunk(5, b, 0, b.length, fp))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("expected one at 0");
    }
  }

  @Test
  void rootsAndPathsThatBreakTheRulesAreRefused() throws Exception {
    try (StagingStore store = StagingStore.open(dir, MIB)) {
      for (String bad : new String[] {"", "/abs", "a/../b", "a//b", "a/", "./a", "a\\b", "a\0b"}) {
        assertThatThrownBy(() -> store.begin(Staged.ROOT, bad))
            .as(bad)
            .isInstanceOf(IllegalArgumentException.class);
      }
      assertThatThrownBy(() -> store.begin("", "a")).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
