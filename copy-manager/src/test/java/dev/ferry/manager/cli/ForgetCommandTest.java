package dev.ferry.manager.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.target.ChunkHash;
import dev.ferry.target.ChunkRef;
import dev.ferry.target.DiskTarget;
import dev.ferry.target.FileEntry;
import dev.ferry.target.SnapshotInfo;
import dev.ferry.target.SnapshotWriter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForgetCommandTest {
  @TempDir Path tmp;
  private Path target;

  @BeforeEach
  void fiveSnapshots() throws Exception {
    target = tmp.resolve("t");
    byte[] content = "the same content in every snapshot".getBytes(StandardCharsets.UTF_8);
    ChunkHash h = ChunkHash.of(content, 0, content.length);
    try (DiskTarget t = DiskTarget.openOrCreate(target)) {
      for (long id = 1; id <= 5; id++) {
        try (SnapshotWriter w = t.newSnapshot(id, "ws1", OptionalLong.empty())) {
          w.putChunk(h, content, 0, content.length, "a");
          w.putFile(
              new FileEntry(
                  "a", content.length, 0, 0644, List.of(new ChunkRef(h, content.length))));
          w.commit();
        }
      }
    }
  }

  private record Run(int exit, String out) {}

  private static Run ferry(String... args) {
    PrintStream saved = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      int exit = FerryCli.run(args);
      return new Run(exit, buf.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(saved);
    }
  }

  private List<Long> snapshotIds() throws Exception {
    try (DiskTarget t = DiskTarget.open(target)) {
      return t.snapshots().stream().map(SnapshotInfo::id).toList();
    }
  }

  @Test
  void keepLastForgetsTheOlderSnapshotsAndPrintsThePlan() throws Exception {
    Run r = ferry("forget", "--target", target.toString(), "--keep-last", "2", "--zone", "UTC");
    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .contains("policy: keep-last 2 (zone UTC)")
        .containsPattern("5 +\\S+ +ws1 +keep +last")
        .containsPattern("1 +\\S+ +ws1 +forget")
        .contains("forgot 3 snapshots [1, 2, 3]");
    assertThat(snapshotIds()).containsExactly(4L, 5L);
  }

  @Test
  void forgetWithPruneFreesTheDataOnlyForgottenSnapshotsUsed() throws Exception {
    Path extra = tmp.resolve("extra");
    // Snapshot 6 holds a file of its own; forgetting it (after 7) leaves its chunk unused.
    byte[] own = "bytes only snapshot six has".getBytes(StandardCharsets.UTF_8);
    ChunkHash h = ChunkHash.of(own, 0, own.length);
    try (DiskTarget t = DiskTarget.open(target)) {
      for (long id = 6; id <= 7; id++) {
        try (SnapshotWriter w = t.newSnapshot(id, "ws1", OptionalLong.of(5))) {
          if (id == 6) {
            w.putChunk(h, own, 0, own.length, "b");
            w.putFile(
                new FileEntry("b", own.length, 0, 0644, List.of(new ChunkRef(h, own.length))));
          }
          w.commit();
        }
      }
    }
    Run r = ferry("forget", "--target", target.toString(), "6", "--prune", "--max-unused", "0");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("forgot 1 snapshots [6]").contains("removed 1 chunks");
    try (DiskTarget t = DiskTarget.open(target)) {
      assertThat(t.hasChunk(h)).isFalse();
      assertThat(t.restore(7, null, extra).failures()).isEmpty();
      assertThat(extra.resolve("a")).hasContent("the same content in every snapshot");
    }
    assertThat(ferry("prune", "--target", target.toString()).out()).contains("removed 0 chunks");
  }

  @Test
  void aDryRunChangesNothing() throws Exception {
    Run r = ferry("forget", "--target", target.toString(), "--keep-last", "1", "--dry-run");
    assertThat(r.out()).contains("would forget 4 snapshots: [1, 2, 3, 4]");
    assertThat(snapshotIds()).containsExactly(1L, 2L, 3L, 4L, 5L);
  }

  @Test
  void snapshotsNamedByIdAreForgotten() throws Exception {
    assertThat(ferry("forget", "--target", target.toString(), "2", "3").exit()).isZero();
    assertThat(snapshotIds()).containsExactly(1L, 4L, 5L);
  }

  @Test
  void theNewestSnapshotIsRefusedWithTheReason() throws Exception {
    assertThat(ferry("forget", "--target", target.toString(), "1", "5").exit())
        .isEqualTo(FerryCli.FAILED);
    assertThat(snapshotIds()).hasSize(5);
  }

  @Test
  void idsAndRulesTogetherOrNeitherAreAUsageError() throws Exception {
    assertThat(ferry("forget", "--target", target.toString()).exit()).isEqualTo(FerryCli.USAGE);
    assertThat(ferry("forget", "--target", target.toString(), "--keep-last", "1", "2").exit())
        .isEqualTo(FerryCli.USAGE);
    assertThat(ferry("forget", "--target", target.toString(), "--keep-daily", "-1").exit())
        .isEqualTo(FerryCli.USAGE);
    assertThat(snapshotIds()).hasSize(5);
  }
}
