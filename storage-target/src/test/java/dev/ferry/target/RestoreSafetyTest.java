package dev.ferry.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.target.container.Checksums;
import dev.ferry.target.snapshot.SnapshotCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestoreSafetyTest {
  @TempDir Path dir;
  @TempDir Path out;

  @Test
  void restoreKeepsBytesMtimeToTheNanosecondAndPermissionBits() throws IOException {
    byte[] data = Fixtures.bytes(1, 10_000);
    try (DiskTarget t = DiskTarget.openOrCreate(dir)) {
      try (SnapshotWriter w = t.newSnapshot(1, "h", OptionalLong.empty())) {
        Fixtures.put(w, "bin/run.sh", data, 4096, 0750);
        Fixtures.put(w, "secret", data, 4096, 0600);
        w.commit();
      }
      assertThat(t.restore(1, null, out).failures()).isEmpty();
    }
    Path run = out.resolve("bin/run.sh");
    assertThat(run).hasBinaryContent(data);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(run)))
        .isEqualTo("rwxr-x---");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("secret"))))
        .isEqualTo("rw-------");
    assertThat(Files.getLastModifiedTime(run))
        .isEqualTo(FileTime.from(Fixtures.MTIME, TimeUnit.NANOSECONDS));
  }

  @Test
  void restoreDoesNotFollowASymlinkPlantedInTheDestination() throws IOException {
    Path elsewhere = Files.createDirectory(dir.resolveSibling(dir.getFileName() + "-elsewhere"));
    try (DiskTarget t = DiskTarget.openOrCreate(dir)) {
      try (SnapshotWriter w = t.newSnapshot(1, "h", OptionalLong.empty())) {
        Fixtures.put(w, "docs/a.txt", Fixtures.bytes(1, 100));
        Fixtures.put(w, "ok.txt", Fixtures.bytes(2, 100));
        w.commit();
      }
      Files.createSymbolicLink(out.resolve("docs"), elsewhere);
      RestoreResult r = t.restore(1, null, out);
      assertThat(r.filesRestored()).isEqualTo(1);
      assertThat(r.failures())
          .singleElement()
          .asString()
          .startsWith("docs/a.txt: ")
          .contains("symlink");
      try (var s = Files.list(elsewhere)) {
        assertThat(s).isEmpty();
      }
    } finally {
      Files.deleteIfExists(elsewhere);
    }
  }

  @Test
  void snapshotWithAHostileEntryPathIsRefusedAndNothingIsWrittenOutsideTheDestination()
      throws IOException {
    try (DiskTarget t = DiskTarget.openOrCreate(dir)) {
      try (SnapshotWriter w = t.newSnapshot(1, "h", OptionalLong.empty())) {
        Fixtures.put(w, "aa/escape.txt", Fixtures.bytes(1, 100));
        w.commit();
      }
      // Forge a root whose only entry is "../escape.txt", with valid checksums: only the path
      // rules stand between it and a write outside the destination.
      Path snap = dir.resolve("snapshots/00000000000000000001.snap");
      byte[] b = Files.readAllBytes(snap);
      String text = new String(b, StandardCharsets.ISO_8859_1);
      int at = text.indexOf("aa/escape.txt");
      b[at] = '.';
      b[at + 1] = '.';
      ByteBuffer.wrap(b).putInt(b.length - 4, Checksums.crc32c(b, 0, b.length - 4));
      Files.write(snap, b);

      assertThatThrownBy(() -> t.restore(1, null, out.resolve("inner")))
          .isInstanceOf(CorruptSnapshotException.class)
          .hasMessageContaining("../escape.txt");
      assertThat(out.resolve("escape.txt")).doesNotExist();
      assertThat(t.verify(false).damages()).extracting(Damage::what).containsExactly("snapshot 1");
    }
  }

  @Test
  void entryPathsThatCouldEscapeAreRejectedWhenBuilt() {
    for (String bad :
        new String[] {
          "/etc/passwd", "../x", "a/../../x", "a//b", "a/./b", "a\\b", "a\0b", "", "a/"
        }) {
      assertThatThrownBy(() -> new FileEntry(bad, 0, 0, 0644, java.util.List.of()))
          .as(bad)
          .isInstanceOf(InvalidEntryPathException.class)
          .hasMessageContaining("\"" + bad + "\"");
    }
    assertThat(new FileEntry("a/b c/..d", 0, 0, 0644, java.util.List.of()).path())
        .isEqualTo("a/b c/..d");
  }

  @Test
  void snapshotCodecRoundTripsEntryOrderByCodePoint() throws IOException {
    try (DiskTarget t = DiskTarget.openOrCreate(dir)) {
      try (SnapshotWriter w = t.newSnapshot(1, "h", OptionalLong.empty())) {
        for (String p : new String[] {"\uD83D\uDE00", "\uFFFD", "b", "a"}) {
          Fixtures.put(w, p, new byte[0]);
        }
        w.commit();
      }
      assertThat(t.readSnapshot(1).entries())
          .extracting(FileEntry::path)
          .containsExactly("a", "b", "\uFFFD", "\uD83D\uDE00");
      assertThat(SnapshotCodec.VERSION).isEqualTo(3);
    }
  }
}
