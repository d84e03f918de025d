package dev.ferry.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Link entries through the target's API: writing, history, listing and verify. */
class SymlinkEntriesTest {
  @TempDir Path tmp;

  @Test
  void writerStoresLinksBesideFilesAndAChildReplacesEntriesWhateverTheirKind() throws IOException {
    byte[] a = Fixtures.bytes(1, 3000);
    try (DiskTarget t = DiskTarget.openOrCreate(tmp.resolve("t"))) {
      SnapshotInfo first;
      try (SnapshotWriter w = t.newSnapshot(1, "h", OptionalLong.empty())) {
        Fixtures.put(w, "docs/a.txt", a);
        w.putFile(FileEntry.symlink("docs/latest", "a.txt", 1));
        w.putFile(FileEntry.symlink("etc", "/etc", 2));
        w.putFile(FileEntry.symlink("gone", "nowhere", 3));
        first = w.commit();
      }
      assertThat(first.fileCount()).isEqualTo(4);
      assertThat(first.totalBytes()).isEqualTo(a.length);
      assertThat(Files.readAllBytes(tmp.resolve("t/snapshots/00000000000000000001.snap")))
          .startsWith('F', 'E', 'R', 'R', 'Y', 'S', 'N', 'P', 0, 0, 0, 3);

      try (SnapshotWriter w = t.newSnapshot(2, "h", OptionalLong.of(1))) {
        w.putFile(FileEntry.symlink("docs/latest", "b.txt", 4)); // link replaced by a link
        Fixtures.put(w, "etc", a); // link replaced by a file
        w.putFile(FileEntry.symlink("docs/a.txt", "latest", 5)); // file replaced by a link
        w.removeFile("gone");
        w.commit();
      }
      assertThat(t.readSnapshot(1).entries())
          .containsExactly(
              t.readSnapshot(1).entries().get(0),
              FileEntry.symlink("docs/latest", "a.txt", 1),
              FileEntry.symlink("etc", "/etc", 2),
              FileEntry.symlink("gone", "nowhere", 3));
      List<FileEntry> second = t.readSnapshot(2).entries();
      assertThat(second)
          .extracting(FileEntry::path, FileEntry::kind, FileEntry::linkTarget)
          .containsExactly(
              tuple("docs/a.txt", FileEntry.Kind.SYMLINK, "latest"),
              tuple("docs/latest", FileEntry.Kind.SYMLINK, "b.txt"),
              tuple("etc", FileEntry.Kind.REGULAR_FILE, ""));
      assertThat(t.snapshots())
          .extracting(SnapshotInfo::id, SnapshotInfo::fileCount, SnapshotInfo::totalBytes)
          .containsExactly(tuple(1L, 4, (long) a.length), tuple(2L, 3, (long) a.length));
      assertThat(t.verify(true).damages()).isEmpty();
    }
  }

  @Test
  void verifyBlamesAMissingContainerOnTheFilesItHeldAndNeverOnLinks() throws IOException {
    Path dir = tmp.resolve("t");
    try (DiskTarget t = DiskTarget.openOrCreate(dir)) {
      try (SnapshotWriter w = t.newSnapshot(1, "h", OptionalLong.empty())) {
        Fixtures.put(w, "a.txt", Fixtures.bytes(1, 100));
        w.putFile(FileEntry.symlink("b", "a.txt", 1));
        w.commit();
      }
    }
    try (Stream<Path> s = Files.walk(dir.resolve("data"))) {
      for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
        Files.delete(p);
      }
    }
    try (DiskTarget t = DiskTarget.open(dir)) {
      for (boolean readData : new boolean[] {false, true}) {
        VerifyReport r = t.verify(readData);
        assertThat(r.damages())
            .singleElement()
            .satisfies(
                d -> assertThat(d.affected()).containsExactly(new AffectedEntry(1, "a.txt")));
      }
      // A link needs nothing from the data: it restores while the file cannot.
      RestoreResult restored = t.restore(1, null, tmp.resolve("out"));
      assertThat(restored.linksRestored()).isEqualTo(1);
      assertThat(restored.failures()).singleElement().asString().startsWith("a.txt: ");
      assertThat(Files.readSymbolicLink(tmp.resolve("out/b"))).hasToString("a.txt");
    }
  }

  @Test
  void readingTheContentOfALinkIsRefusedRatherThanGivingNoBytes() throws IOException {
    try (DiskTarget t = DiskTarget.openOrCreate(tmp.resolve("t"))) {
      FileEntry link = FileEntry.symlink("l", "t", 1);
      assertThatThrownBy(() -> t.readFile(link, new ByteArrayOutputStream()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("l is a SYMLINK");
    }
  }
}
