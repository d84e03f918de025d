package dev.ferry.monitor.staging;

import static dev.ferry.monitor.staging.Staged.KIB;
import static dev.ferry.monitor.staging.Staged.MIB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged, torn and misplaced files: clean errors or recovery, never wrong bytes. */
class DamagedStoreTest {
  @TempDir Path dir;
  @TempDir Path scratch;

  private final byte[] v1 = Staged.random(1, MIB);
  private final byte[] v2 = Staged.edited(v1, 500 * KIB, 10, 2);

  private Path pack(long id, PackState s) {
    return dir.resolve("packs").resolve(PackFile.fileName(id, s));
  }

  static void flip(Path f, long at) throws IOException {
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1);
      ch.read(b, at);
      b.put(0, (byte) (b.get(0) ^ 0x10)).rewind();
      ch.write(b, at);
    }
  }

  private void stageTwo() throws IOException {
    try (StagingStore s = StagingStore.open(dir, 64 * MIB)) {
      Staged.stage(s, scratch, "a", v1);
      Staged.stage(s, scratch, "a", v2);
    }
  }

  @Test
  void aFlippedByteInChunkBytesIsADamagedChunkNamingTheStageAndBlock() throws Exception {
    stageTwo();
    flip(pack(1, PackState.STAGE), PackCodec.PREAMBLE + 100); // inside block 0 of both versions
    try (StagingStore s = StagingStore.open(dir, 64 * MIB)) {
      for (long id : new long[] {1, 2}) {
        try (StagedVersion v = s.open(id).orElseThrow()) {
          assertThatThrownBy(() -> v.readChunk(0))
              .isInstanceOf(StagedChunkDamagedException.class)
              .hasMessageContaining("staged version " + id + ", block 0")
              .hasMessageContaining("SHA-256")
              .satisfies(
                  e -> assertThat(((StagedChunkDamagedException) e).stageId()).isEqualTo(id));
          assertThatThrownBy(() -> v.newInputStream().readAllBytes())
              .isInstanceOf(StagedChunkDamagedException.class);
          assertThat(v.readChunk(1))
              .isEqualTo(
                  java.util.Arrays.copyOfRange(
                      id == 1 ? v1 : v2,
                      (int) v.blocks().blocks().get(1).offset(),
                      (int) v.blocks().blocks().get(1).end()));
        }
      }
    }
  }

  @Test
  void aPackWithDamagedMetadataIsSetAsideAndVersionsUsingItReportDamage() throws Exception {
    stageTwo();
    Path p1 = pack(1, PackState.STAGE);
    flip(p1, Files.size(p1) - PackCodec.TRAILER - 30);
    try (StagingStore s = StagingStore.open(dir, 64 * MIB)) {
      assertThat(s.open(1)).isEmpty();
      assertThat(s.usage().damagedFiles()).isEqualTo(1);
      assertThat(s.usage().damagedBytes()).isEqualTo(Files.size(p1));
      assertThatThrownBy(() -> s.open(2))
          .isInstanceOf(StagedChunkDamagedException.class)
          .hasMessageContaining("staged version 2, block 0")
          .hasMessageContaining("staged pack 1");
      long id = Staged.stage(s, scratch, "a", v2);
      assertThat(Staged.read(s, id)).as("a new save still stages").isEqualTo(v2);
    }
    assertThat(p1).as("left for a human, never deleted").exists();
  }

  @Test
  void aTruncatedPackIsSetAside() throws Exception {
    stageTwo();
    Path p2 = pack(2, PackState.STAGE);
    try (FileChannel ch = FileChannel.open(p2, StandardOpenOption.WRITE)) {
      ch.truncate(ch.size() / 2);
    }
    try (StagingStore s = StagingStore.open(dir, 64 * MIB)) {
      assertThat(s.open(2)).isEmpty();
      assertThat(s.usage().damagedFiles()).isEqualTo(1);
      assertThat(Staged.read(s, 1)).isEqualTo(v1);
    }
  }

  @Test
  void tempFilesAreDeletedOnOpenButNeverThroughALink() throws Exception {
    stageTwo();
    Path outside = Files.writeString(scratch.resolve("precious"), "keep me");
    Path packs = dir.resolve("packs");
    Files.write(packs.resolve("w-1-2.tmp"), new byte[100]);
    Files.createSymbolicLink(packs.resolve("evil.tmp"), outside);
    Files.write(dir.resolve("ferry-staging.tmp"), new byte[10]);
    try (StagingStore s = StagingStore.open(dir, 64 * MIB)) {
      assertThat(Staged.read(s, 2)).isEqualTo(v2);
    }
    assertThat(packs.resolve("w-1-2.tmp")).doesNotExist();
    assertThat(packs.resolve("evil.tmp")).doesNotExist();
    assertThat(dir.resolve("ferry-staging.tmp")).doesNotExist();
    assertThat(outside).hasContent("keep me");
  }

  @Test
  void aPackCopiedUnderAnotherIdIsRejected() throws Exception {
    stageTwo();
    Files.copy(pack(1, PackState.STAGE), pack(9, PackState.STAGE));
    try (StagingStore s = StagingStore.open(dir, 64 * MIB)) {
      assertThat(s.open(9)).isEmpty();
      assertThat(s.usage().damagedFiles()).isEqualTo(1);
      assertThat(Staged.stage(s, scratch, "b", v1)).as("ids go on above it").isGreaterThan(9);
    }
  }

  @Test
  void anIdFoundInTwoStatesKeepsTheMostAdvancedOne() throws Exception {
    stageTwo();
    Files.copy(pack(2, PackState.STAGE), pack(2, PackState.BASE));
    try (StagingStore s = StagingStore.open(dir, 64 * MIB)) {
      try (StagedVersion v = s.open(2).orElseThrow()) {
        assertThat(v.released()).isTrue();
      }
    }
    assertThat(pack(2, PackState.STAGE)).doesNotExist();
  }

  @Test
  void aDamagedStateFileIsRebuiltWithIdsAboveEveryOneHandedOut() throws Exception {
    stageTwo();
    flip(dir.resolve("ferry-staging"), 14);
    try (StagingStore s = StagingStore.open(dir, 64 * MIB)) {
      assertThat(Staged.read(s, 2)).isEqualTo(v2);
      assertThat(Staged.stage(s, scratch, "b", v1)).isGreaterThan(1L << 32);
    }
    Files.delete(dir.resolve("ferry-staging"));
    try (StagingStore s = StagingStore.open(dir, 64 * MIB)) {
      assertThat(Staged.stage(s, scratch, "b", v1)).isGreaterThan(2L << 32);
    }
  }

  @Test
  void idsAreNeverReusedAfterEveryVersionIsGone() throws Exception {
    long last;
    try (StagingStore s = StagingStore.open(dir, 64 * MIB)) {
      last = Staged.stage(s, scratch, "a", v1);
      s.release(last);
    }
    try (StagingStore s = StagingStore.open(dir, 3 * MIB + 64 * KIB)) {
      Staged.stage(s, scratch, "b", v1);
      Staged.stage(s, scratch, "c", v2);
      long next = Staged.stage(s, scratch, "d", v1); // evicts a's base
      assertThat(s.open(last)).isEmpty();
      assertThat(next).isGreaterThan(last + 2);
    }
    try (StagingStore s = StagingStore.open(dir, 64 * MIB)) {
      assertThat(Staged.stage(s, scratch, "e", v1)).isGreaterThan(last + 3);
    }
  }

  @Test
  void aSecondOpenOfTheSameFolderIsRefused() throws Exception {
    try (StagingStore s = StagingStore.open(dir, MIB)) {
      assertThatThrownBy(() -> StagingStore.open(dir, MIB))
          .isInstanceOf(StagingLockedException.class)
          .hasMessageContaining(dir.toString());
      assertThat(s.usage().usedBytes()).isZero();
    }
    StagingStore.open(dir, MIB).close();
  }

  @Test
  void aClosedStoreRefusesWorkButOpenVersionsStayReadable() throws Exception {
    stageTwo();
    StagingStore s = StagingStore.open(dir, 64 * MIB);
    StageWriter w = Staged.writer(s, scratch, "b", v1);
    Optional<StagedVersion> v = s.open(2);
    s.close();
    assertThatThrownBy(w::commit).isInstanceOf(IllegalStateException.class);
    assertThat(v.orElseThrow().newInputStream().readAllBytes()).isEqualTo(v2);
    v.get().close();
    assertThatThrownBy(() -> s.open(2)).isInstanceOf(IllegalStateException.class);
  }
}
