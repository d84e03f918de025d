package dev.ferry.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Targets written before snapshot roots had version 2 stay readable. The fixture in {@code
 * src/test/resources/dev/ferry/target/version1-target} was written by the format version 1 code
 * (commit 39fda06): snapshot 1 holds {@code bin/run.sh} (0750), {@code café/über.txt}, {@code
 * docs/a.txt} and {@code empty}; snapshot 2, its child, changes {@code docs/a.txt} and removes
 * {@code empty}. Never regenerate it with newer code: its point is bytes an old writer produced.
 */
class Version1TargetTest {
  @TempDir Path tmp;
  Path dir;

  @BeforeEach
  void copyFixture() throws IOException, URISyntaxException {
    Path fixture = Path.of(Version1TargetTest.class.getResource("version1-target").toURI());
    dir = tmp.resolve("target");
    try (Stream<Path> all = Files.walk(fixture)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        Files.copy(p, dir.resolve(fixture.relativize(p).toString()));
      }
    }
  }

  @Test
  void version1RootsAreListedReadRestoredAndVerified() throws IOException {
    try (DiskTarget t = DiskTarget.open(dir)) {
      assertThat(t.snapshots()).extracting(SnapshotInfo::id).containsExactly(1L, 2L);
      assertThat(t.readSnapshot(1).entries())
          .allMatch(FileEntry::isRegularFile)
          .extracting(FileEntry::path)
          .containsExactly("bin/run.sh", "caf\u00e9/\u00fcber.txt", "docs/a.txt", "empty");
      assertThat(t.readSnapshot(2).entries())
          .extracting(FileEntry::path)
          .containsExactly("bin/run.sh", "caf\u00e9/\u00fcber.txt", "docs/a.txt");
      assertThat(t.verify(true).damages()).isEmpty();

      Path out = tmp.resolve("out");
      RestoreResult r = t.restore(1, null, out);
      assertThat(r.failures()).isEmpty();
      assertThat(r.filesRestored()).isEqualTo(4);
      assertThat(out.resolve("docs/a.txt")).hasBinaryContent(utf8("version 1 of a\n"));
      assertThat(out.resolve("caf\u00e9/\u00fcber.txt")).hasBinaryContent(utf8("unicode\n"));
      assertThat(out.resolve("empty")).isEmptyFile();
      Path run = out.resolve("bin/run.sh");
      assertThat(run).hasBinaryContent(utf8("#!/bin/sh\necho ferry\n".repeat(5)));
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(run)))
          .isEqualTo("rwxr-x---");
      assertThat(Files.getLastModifiedTime(out.resolve("docs/a.txt")))
          .isEqualTo(FileTime.from(1_700_000_000_123_456_789L, TimeUnit.NANOSECONDS));

      assertThat(t.restore(2, "docs", tmp.resolve("out2")).failures()).isEmpty();
      assertThat(tmp.resolve("out2/docs/a.txt")).hasBinaryContent(utf8("version 2 of a, longer\n"));
    }
  }

  @Test
  void childOfAVersion1SnapshotIsWrittenSegmentedWithTheParentsFilesAndNewLinks()
      throws IOException {
    try (DiskTarget t = DiskTarget.open(dir)) {
      try (SnapshotWriter w = t.newSnapshot(3, "v1-host", OptionalLong.of(2))) {
        w.putFile(FileEntry.symlink("docs/current", "a.txt", 1));
        w.commit();
      }
      byte[] root = Files.readAllBytes(dir.resolve("snapshots/00000000000000000003.snap"));
      assertThat(ByteBuffer.wrap(root).getInt(8)).isEqualTo(3);
      assertThat(t.readSnapshot(3).entries())
          .containsExactly(
              t.readSnapshot(2).entries().get(0),
              t.readSnapshot(2).entries().get(1),
              t.readSnapshot(2).entries().get(2),
              FileEntry.symlink("docs/current", "a.txt", 1));
      // The version 1 roots are untouched and still read.
      assertThat(t.snapshots()).extracting(SnapshotInfo::id).containsExactly(1L, 2L, 3L);
      assertThat(t.verify(true).damages()).isEmpty();
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
