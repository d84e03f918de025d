package dev.ferry.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetLifecycleTest {
  @TempDir Path tmp;

  @Test
  void secondWriterIsRefusedWhileTheFirstHoldsTheLockAndAdmittedAfter() throws IOException {
    Path dir = tmp.resolve("t");
    try (DiskTarget t = DiskTarget.openOrCreate(dir);
        DiskTarget other = DiskTarget.open(dir)) {
      SnapshotWriter first = t.newSnapshot(1, "h", OptionalLong.empty());
      assertThatThrownBy(() -> other.newSnapshot(2, "h", OptionalLong.empty()))
          .isInstanceOf(TargetLockedException.class)
          .hasMessageContaining(dir.resolve("lock").toString());
      assertThatThrownBy(() -> t.newSnapshot(3, "h", OptionalLong.empty()))
          .isInstanceOf(TargetLockedException.class);
      first.commit();
      other.newSnapshot(2, "h", OptionalLong.empty()).close();
    }
  }

  @Test
  void openOrCreateOnANonEmptyForeignDirectoryNamesIt() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("photos"));
    Files.writeString(dir.resolve("holiday.jpg"), "x");
    assertThatThrownBy(() -> DiskTarget.openOrCreate(dir))
        .isInstanceOf(NotATargetException.class)
        .hasMessageContaining(dir.toString())
        .hasMessageContaining("holiday.jpg");
    assertThat(dir.resolve("ferry-target")).doesNotExist();
  }

  @Test
  void openOnADirectoryThatIsNotATargetNamesIt() {
    assertThatThrownBy(() -> DiskTarget.open(tmp))
        .isInstanceOf(NotATargetException.class)
        .hasMessageContaining(tmp.toString());
  }

  @Test
  void openOrCreateWhereTheDirectoryCannotBeCreatedNamesIt() throws IOException {
    Path file = Files.writeString(tmp.resolve("plain-file"), "x");
    Path dir = file.resolve("target");
    assertThatThrownBy(() -> DiskTarget.openOrCreate(dir))
        .isInstanceOf(TargetNotWritableException.class)
        .hasMessageContaining(dir.toString());
  }

  @Test
  void regressionTheReasonADirectoryCannotBeCreatedNamesThatDirectory() throws IOException {
    Path file = Files.writeString(tmp.resolve("plain-file"), "x");
    Path dir = file.resolve("target");
    assertThatThrownBy(() -> DiskTarget.openOrCreate(dir))
        .rootCause()
        .hasMessageContaining(dir.toString());
  }

  @Test
  void openOrCreateOnAReadOnlyDirectoryNamesIt() throws IOException {
    assumeFalse("root".equals(System.getProperty("user.name")), "root writes anywhere");
    Path dir = Files.createDirectory(tmp.resolve("ro"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      assertThatThrownBy(() -> DiskTarget.openOrCreate(dir))
          .isInstanceOf(TargetNotWritableException.class)
          .hasMessageContaining(dir.toString());
    } finally {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @Test
  void openOrCreateReopensAnExistingTargetAndCreatesAnEmptyOne() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("empty"));
    try (DiskTarget t = DiskTarget.openOrCreate(dir)) {
      assertThat(t.snapshots()).isEmpty();
    }
    assertThat(new String(Files.readAllBytes(dir.resolve("ferry-target")), "US-ASCII"))
        .startsWith("FERRYTGT");
    try (DiskTarget t = DiskTarget.openOrCreate(dir)) {
      assertThat(t.latest()).isEmpty();
    }
  }
}
