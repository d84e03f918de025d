package dev.ferry.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForgetTest {
  @TempDir Path tmp;

  private static void commit(DiskTarget t, long id, String host, OptionalLong parent, byte[] a)
      throws IOException {
    try (SnapshotWriter w = t.newSnapshot(id, host, parent)) {
      Fixtures.put(w, "a", a);
      w.commit();
    }
  }

  @Test
  void forgottenSnapshotsAreGoneWhileTheirChildrenStillRestoreTheSharedChunks() throws IOException {
    byte[] a = Fixtures.bytes(1, 5000);
    try (DiskTarget t = DiskTarget.openOrCreate(tmp.resolve("t"))) {
      commit(t, 1, "h", OptionalLong.empty(), a);
      commit(t, 2, "h", OptionalLong.of(1), a);
      commit(t, 3, "h", OptionalLong.of(2), a);
      assertThat(t.forget(List.of(2L, 1L))).extracting(SnapshotInfo::id).containsExactly(1L, 2L);
      assertThat(t.snapshots()).extracting(SnapshotInfo::id).containsExactly(3L);
      assertThatThrownBy(() -> t.readSnapshot(1)).isInstanceOf(SnapshotNotFoundException.class);
      assertThat(t.restore(3, null, tmp.resolve("out")).failures()).isEmpty();
      assertThat(tmp.resolve("out/a")).hasBinaryContent(a);
      assertThat(t.verify(true).ok()).isTrue();
      // The next copy starts from the kept child.
      commit(t, 4, "h", OptionalLong.of(3), a);
    }
    try (DiskTarget reopened = DiskTarget.open(tmp.resolve("t"))) {
      assertThat(reopened.snapshots()).extracting(SnapshotInfo::id).containsExactly(3L, 4L);
    }
  }

  @Test
  void theNewestSnapshotOfEachHostCannotBeForgottenAndNothingIsDeletedThen() throws IOException {
    byte[] a = Fixtures.bytes(2, 100);
    try (DiskTarget t = DiskTarget.openOrCreate(tmp.resolve("t"))) {
      commit(t, 1, "h1", OptionalLong.empty(), a);
      commit(t, 2, "h2", OptionalLong.empty(), a);
      commit(t, 3, "h1", OptionalLong.empty(), a);
      assertThatThrownBy(() -> t.forget(List.of(1L, 2L)))
          .isInstanceOf(NewestSnapshotException.class)
          .hasMessageContaining("snapshot 2 is the newest of host h2");
      assertThat(t.snapshots()).hasSize(3);
      assertThat(t.forget(List.of(1L))).hasSize(1);
    }
  }

  @Test
  void anUnknownIdIsRefusedBeforeAnythingIsDeleted() throws IOException {
    byte[] a = Fixtures.bytes(3, 100);
    try (DiskTarget t = DiskTarget.openOrCreate(tmp.resolve("t"))) {
      commit(t, 1, "h", OptionalLong.empty(), a);
      commit(t, 2, "h", OptionalLong.empty(), a);
      assertThatThrownBy(() -> t.forget(List.of(1L, 99L)))
          .isInstanceOf(SnapshotNotFoundException.class)
          .hasMessageContaining("snapshot 99");
      assertThat(t.snapshots()).hasSize(2);
    }
  }

  @Test
  void forgetWaitsForNoWriterButFailsAtOnceWhileOneHoldsTheTarget() throws IOException {
    byte[] a = Fixtures.bytes(4, 100);
    try (DiskTarget t = DiskTarget.openOrCreate(tmp.resolve("t"))) {
      commit(t, 1, "h", OptionalLong.empty(), a);
      commit(t, 2, "h", OptionalLong.empty(), a);
      try (SnapshotWriter busy = t.newSnapshot(3, "h", OptionalLong.of(2))) {
        assertThatThrownBy(() -> t.forget(List.of(1L))).isInstanceOf(TargetLockedException.class);
      }
      assertThat(Files.exists(tmp.resolve("t/snapshots/00000000000000000001.snap"))).isTrue();
    }
  }
}
