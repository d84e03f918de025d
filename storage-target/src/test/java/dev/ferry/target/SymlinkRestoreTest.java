package dev.ferry.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restoring link entries: exact texts, no following, no redirected writes. */
class SymlinkRestoreTest {
  @TempDir Path tmp;
  Path dir;
  Path out;

  /** Stands in for /etc or any other place outside the destination. */
  Path outside;

  @BeforeEach
  void dirs() throws IOException {
    dir = tmp.resolve("target");
    out = tmp.resolve("out");
    outside = Files.createDirectory(tmp.resolve("outside"));
  }

  interface Entries {
    void put(SnapshotWriter w) throws IOException;
  }

  DiskTarget target(long id, Entries entries) throws IOException {
    DiskTarget t = DiskTarget.openOrCreate(dir);
    try (SnapshotWriter w = t.newSnapshot(id, "h", OptionalLong.empty())) {
      entries.put(w);
      w.commit();
    }
    return t;
  }

  @Test
  void linksOfEveryShapeComeBackWithTheirExactTextUnlessTheJdkWouldAlterIt() throws IOException {
    Map<String, String> shapes = SnapshotRootVersion2Test.linkShapes();
    try (DiskTarget t =
        target(
            1,
            w -> {
              Fixtures.put(w, "a.txt", Fixtures.bytes(1, 100));
              for (Map.Entry<String, String> s : shapes.entrySet()) {
                w.putFile(FileEntry.symlink(s.getKey(), s.getValue(), Fixtures.MTIME));
              }
            })) {
      RestoreResult r = t.restore(1, null, out);

      // Path.of drops a trailing '/' and collapses "//": reported with the exact text instead.
      assertThat(r.failures())
          .containsExactlyInAnyOrder(
              "l/dots-and-slashes: the JDK cannot create this link text exactly, not restored:"
                  + " \"a//b/./c/../d\"",
              "l/trailing-slash: the JDK cannot create this link text exactly, not restored:"
                  + " \"some/dir/\"");
      assertThat(r.filesRestored()).isEqualTo(1);
      assertThat(r.linksRestored()).isEqualTo(shapes.size() - 2);
      assertThat(r.bytesRestored()).isEqualTo(100);
      for (Map.Entry<String, String> s : shapes.entrySet()) {
        Path p = out.resolve(s.getKey());
        if (s.getKey().equals("l/dots-and-slashes") || s.getKey().equals("l/trailing-slash")) {
          assertThat(p).doesNotExist();
          assertThat(Files.exists(p, LinkOption.NOFOLLOW_LINKS)).isFalse();
        } else {
          assertThat(Files.isSymbolicLink(p)).as(s.getKey()).isTrue();
          assertThat(Files.readSymbolicLink(p).toString()).as(s.getKey()).isEqualTo(s.getValue());
        }
      }
      assertThat(tempFilesIn(out)).isZero();
      assertThat(tmp.resolve("outside/the/tree")).doesNotExist();
    }
  }

  @Test
  void linkMtimeGoesOnTheLinkToTheMicrosecondAndNeverOnWhatItPointsTo() throws IOException {
    Path precious = Files.writeString(outside.resolve("precious"), "precious");
    FileTime preciousTime = FileTime.from(1_000_000_000_111_111_111L, TimeUnit.NANOSECONDS);
    Files.setLastModifiedTime(precious, preciousTime);
    long linkTime = 1_600_000_000_987_654_321L;
    try (DiskTarget t =
        target(
            1,
            w -> {
              Fixtures.put(w, "a.txt", Fixtures.bytes(1, 100));
              w.putFile(FileEntry.symlink("to-a", "a.txt", linkTime));
              w.putFile(FileEntry.symlink("to-outside", precious.toString(), linkTime));
              w.putFile(FileEntry.symlink("dangling", "nope", linkTime));
            })) {
      assertThat(t.restore(1, null, out).failures()).isEmpty();
    }
    // JDK 17 sets a link's times with lutimes, in microseconds.
    FileTime expected = FileTime.from(linkTime / 1000, TimeUnit.MICROSECONDS);
    for (String link : new String[] {"to-a", "to-outside", "dangling"}) {
      assertThat(Files.getLastModifiedTime(out.resolve(link), LinkOption.NOFOLLOW_LINKS))
          .as(link)
          .isEqualTo(expected);
    }
    assertThat(Files.getLastModifiedTime(out.resolve("a.txt")))
        .isEqualTo(FileTime.from(Fixtures.MTIME, TimeUnit.NANOSECONDS));
    assertThat(Files.getLastModifiedTime(precious)).isEqualTo(preciousTime);
    assertThat(precious).hasContent("precious");
    assertThat(out.resolve("nope")).doesNotExist();
  }

  @Test
  void linkReplacesAFileOrLinkAtItsDestinationWithoutWritingThroughItAndSparesADirectory()
      throws IOException {
    Path precious = Files.writeString(outside.resolve("precious"), "precious");
    Files.createDirectories(out.resolve("dir"));
    Files.writeString(out.resolve("dir/kept"), "kept");
    Files.writeString(out.resolve("was-file"), "old");
    Files.createSymbolicLink(out.resolve("was-link-to-file"), precious);
    Files.createSymbolicLink(out.resolve("was-link-to-dir"), outside);
    try (DiskTarget t =
        target(
            1,
            w -> {
              w.putFile(FileEntry.symlink("dir", "x", 1));
              w.putFile(FileEntry.symlink("was-file", "new", 1));
              w.putFile(FileEntry.symlink("was-link-to-dir", "y", 1));
              w.putFile(FileEntry.symlink("was-link-to-file", "z", 1));
            })) {
      for (int run = 0; run < 2; run++) { // a second restore replaces the links it made
        RestoreResult r = t.restore(1, null, out);
        assertThat(r.linksRestored()).isEqualTo(3);
        assertThat(r.failures())
            .singleElement()
            .asString()
            .startsWith("dir: destination is a directory");
        assertThat(Files.readSymbolicLink(out.resolve("was-file"))).hasToString("new");
        assertThat(Files.readSymbolicLink(out.resolve("was-link-to-dir"))).hasToString("y");
        assertThat(Files.readSymbolicLink(out.resolve("was-link-to-file"))).hasToString("z");
      }
    }
    assertThat(out.resolve("dir/kept")).hasContent("kept");
    assertThat(precious).hasContent("precious");
    try (Stream<Path> s = Files.list(outside)) {
      assertThat(s).containsExactly(precious);
    }
    assertThat(tempFilesIn(out)).isZero();
  }

  @Test
  void entryBeneathALinkEntryIsNeverRestoredThroughItNorWithoutIt() throws IOException {
    // Entry "a" a link to /etc (here: outside), then "a/passwd": restore must not write there.
    try (DiskTarget t =
        target(
            1,
            w -> {
              w.putFile(FileEntry.symlink("a", outside.toString(), 1));
              Fixtures.put(
                  w, "a/passwd", "root::0:0::/:/bin/sh\n".getBytes(StandardCharsets.UTF_8));
              w.putFile(FileEntry.symlink("a/sub/link", "y", 1));
              Fixtures.put(w, "b.txt", Fixtures.bytes(2, 10));
            })) {
      RestoreResult r = t.restore(1, null, out);
      assertThat(r.failures())
          .containsExactly(
              "a/passwd: lies beneath the link entry a, not restored",
              "a/sub/link: lies beneath the link entry a, not restored");
      assertThat(r.filesRestored()).isEqualTo(1);
      assertThat(r.linksRestored()).isEqualTo(1);
      assertThat(Files.readSymbolicLink(out.resolve("a"))).isEqualTo(outside);
      assertThat(out.resolve("b.txt")).hasSize(10);

      // Selecting only the entry beneath leaves the link out, and still restores nothing there.
      Path out2 = tmp.resolve("out2");
      RestoreResult only = t.restore(1, "a/passwd", out2);
      assertThat(only.failures())
          .containsExactly("a/passwd: lies beneath the link entry a, not restored");
      assertThat(Files.exists(out2.resolve("a"), LinkOption.NOFOLLOW_LINKS)).isFalse();
    }
    try (Stream<Path> s = Files.list(outside)) {
      assertThat(s).isEmpty();
    }
  }

  @Test
  void laterRestoreIntoTheSameFolderNeverWritesThroughALinkAnEarlierOneMade() throws IOException {
    try (DiskTarget t = target(1, w -> w.putFile(FileEntry.symlink("a", outside.toString(), 1)))) {
      try (SnapshotWriter w = t.newSnapshot(2, "h", OptionalLong.empty())) {
        Fixtures.put(w, "a/passwd", Fixtures.bytes(1, 10)); // "a" became a directory
        w.commit();
      }
      assertThat(t.restore(1, null, out).failures()).isEmpty();
      RestoreResult r = t.restore(2, null, out);
      assertThat(r.failures()).singleElement().asString().contains("symlink");
    }
    try (Stream<Path> s = Files.list(outside)) {
      assertThat(s).isEmpty();
    }
  }

  static long tempFilesIn(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".tmp")).count();
    }
  }
}
