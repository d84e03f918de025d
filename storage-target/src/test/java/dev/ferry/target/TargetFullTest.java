package dev.ferry.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * ENOSPC during a copy (issue 4), on a real 16 MiB tmpfs: whichever of the commit's three writes
 * runs out of space, the commit fails with {@link TargetFullException}, the target stays consistent
 * (older snapshots restore, verify passes, nothing half-written is left), and once space is freed
 * the same commit succeeds.
 */
class TargetFullTest {
  private static final int PAGE = 4096;
  private static final byte[] OLD = Fixtures.bytes(1, 100_000);
  private static final byte[] NEW = Fixtures.bytes(2, 1 << 20);

  @TempDir Path tmp;

  /** Which write of the commit finds the disk full. */
  enum FullAt {
    CONTAINER,
    INDEX,
    ROOT
  }

  @ParameterizedTest
  @EnumSource(FullAt.class)
  void aCommitThatRunsOutOfSpaceFailsCleanlyAndSucceedsOnceSpaceIsFreed(FullAt at)
      throws Exception {
    long[] sizes = fileSizesOfTheSecondCommit();
    long leave =
        switch (at) {
          case CONTAINER -> pages(sizes[0]) - 16 * PAGE;
          case INDEX -> pages(sizes[0]);
          case ROOT -> pages(sizes[0]) + pages(sizes[1]);
        };
    try (SmallDisk disk = SmallDisk.mount(tmp.resolve("disk"), 16)) {
      Path dir = disk.path().resolve("target");
      try (DiskTarget t = DiskTarget.openOrCreate(dir)) {
        commit(t, 1, OptionalLong.empty(), "old", OLD);
        List<String> before = CrashRecoveryTest.tree(dir);
        disk.fillLeaving(leave);

        assertThatThrownBy(() -> commit(t, 2, OptionalLong.of(1), "new", NEW))
            .isInstanceOf(TargetFullException.class)
            .hasMessageContaining("no space left")
            .hasMessageContaining(dir.toString());

        assertThat(temps(dir)).as("temp files left").isEmpty();
        if (at == FullAt.ROOT) {
          // The index was written, so its containers are part of the target (rule 7): kept for
          // the retry to dedupe against, never referenced by a root.
          assertThat(dir.resolve("index/2.idx")).exists();
        } else {
          assertThat(CrashRecoveryTest.tree(dir)).isEqualTo(before);
        }
        assertConsistent(t);
      }
      try (DiskTarget t = DiskTarget.open(dir)) {
        assertConsistent(t);
        disk.free();
        commit(t, 2, OptionalLong.of(1), "new", NEW);
        FileEntry e =
            t.readSnapshot(2).entries().stream()
                .filter(f -> f.path().equals("new"))
                .findFirst()
                .orElseThrow();
        assertThat(Fixtures.read(t, e)).isEqualTo(NEW);
        assertThat(t.verify(true).damages()).isEmpty();
      }
    }
  }

  private void assertConsistent(DiskTarget t) throws IOException {
    assertThat(t.snapshots()).extracting(SnapshotInfo::id).containsExactly(1L);
    assertThat(t.verify(true).damages()).isEmpty();
    Path out = Files.createTempDirectory(tmp, "restored");
    assertThat(t.restore(1, null, out).failures()).isEmpty();
    assertThat(out.resolve("old")).hasBinaryContent(OLD);
  }

  private static void commit(DiskTarget t, long id, OptionalLong parent, String path, byte[] b)
      throws IOException {
    try (SnapshotWriter w = t.newSnapshot(id, "h", parent)) {
      Fixtures.put(w, path, b, 64 << 10, 0644);
      w.commit();
    }
  }

  /**
   * Sizes of the container and index file the second commit writes, measured on a scratch target.
   */
  private long[] fileSizesOfTheSecondCommit() throws IOException {
    Path scratch = tmp.resolve("scratch");
    try (DiskTarget t = DiskTarget.openOrCreate(scratch)) {
      commit(t, 1, OptionalLong.empty(), "old", OLD);
      List<Path> first = CrashRecoveryTest.containers(scratch);
      commit(t, 2, OptionalLong.of(1), "new", NEW);
      List<Path> second = CrashRecoveryTest.containers(scratch);
      second.removeAll(first);
      assertThat(second).hasSize(1);
      return new long[] {Files.size(second.get(0)), Files.size(scratch.resolve("index/2.idx"))};
    }
  }

  private static long pages(long bytes) {
    return (bytes + PAGE - 1) / PAGE * PAGE;
  }

  private static List<Path> temps(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
    }
  }
}
