package dev.ferry.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.target.snapshot.SnapshotDiff;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotDiffTest {
  @TempDir Path dir;

  private static final byte[] ONE = Fixtures.bytes(1, 10);
  private static final byte[] TWO = Fixtures.bytes(2, 10);

  private static FileEntry file(String path, byte[] content, long mtime, int mode) {
    ChunkRef ref = new ChunkRef(ChunkHash.of(content, 0, content.length), content.length);
    return FileEntry.regularFile(path, content.length, mtime, mode, List.of(ref));
  }

  private static FileEntry file(String path, byte[] content) {
    return file(path, content, 5, 0644);
  }

  private static List<String> diff(List<FileEntry> older, List<FileEntry> newer, DiffSummary[] s) {
    List<String> lines = new ArrayList<>();
    s[0] = SnapshotDiff.diff(older.iterator(), newer.iterator(), c -> lines.add(c.toString()));
    return lines;
  }

  @Test
  void everyKindOfChangeComesOutOnceInPathOrderWithItsLetterAndIsCounted() {
    List<FileEntry> older =
        List.of(
            file("a", ONE),
            file("b", ONE),
            FileEntry.symlink("c", "x", 5),
            file("d", ONE),
            file("d2", ONE),
            file("e", ONE),
            FileEntry.symlink("l", "old", 5),
            file("same/size", ONE));
    List<FileEntry> newer =
        List.of(
            file("a", ONE),
            file("b", TWO),
            file("c", ONE),
            file("d", ONE, 6, 0644),
            file("d2", ONE, 5, 0600),
            file("f", ONE),
            FileEntry.symlink("l", "new", 5),
            file("same/size", TWO));
    DiffSummary[] s = new DiffSummary[1];
    assertThat(diff(older, newer, s))
        .containsExactly("M b", "T c", "U d", "U d2", "- e", "+ f", "M l", "M same/size");
    assertThat(s[0]).isEqualTo(new DiffSummary(1, 1, 3, 1, 2));
    assertThat(s[0].total()).isEqualTo(8);
    assertThat(s[0]).hasToString("1 added, 1 removed, 3 modified, 1 type changed, 2 metadata only");
  }

  @Test
  void identicalSnapshotsAndEmptyOnesHaveNoChange() {
    List<FileEntry> entries = List.of(file("a", ONE), FileEntry.symlink("b", "a", 5));
    DiffSummary[] s = new DiffSummary[1];
    assertThat(diff(entries, entries, s)).isEmpty();
    assertThat(s[0].total()).isZero();
    assertThat(diff(List.of(), entries, s)).containsExactly("+ a", "+ b");
    assertThat(diff(entries, List.of(), s)).containsExactly("- a", "- b");
  }

  @Test
  void pathsMergeByCodePointNotByUtf16Unit() {
    // U+FFFD sorts before U+1F600 by code point (as roots are stored) but after it by
    // String.compareTo; a merge by compareTo would report both paths as removed and added.
    String bmp = "\uFFFD";
    String astral = "\uD83D\uDE00";
    DiffSummary[] s = new DiffSummary[1];
    assertThat(
            diff(
                List.of(file(bmp, ONE), file(astral, ONE)),
                List.of(file(bmp, ONE), file(astral, TWO)),
                s))
        .containsExactly("M " + astral);
  }

  @Test
  void entriesOutOfOrderAreRefusedRatherThanMisreported() {
    List<FileEntry> bad = List.of(file("b", ONE), file("a", ONE));
    assertThatThrownBy(
            () -> SnapshotDiff.diff(bad.iterator(), List.<FileEntry>of().iterator(), c -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("older entries out of order: a after b");
  }

  @Test
  void diskTargetDiffsTwoStoredSnapshotsAndNamesAMissingOne() throws IOException {
    try (DiskTarget t = DiskTarget.openOrCreate(dir)) {
      try (SnapshotWriter w = t.newSnapshot(1, "h", OptionalLong.empty())) {
        Fixtures.put(w, "docs/a.txt", ONE);
        Fixtures.put(w, "docs/b.txt", ONE);
        w.commit();
      }
      try (SnapshotWriter w = t.newSnapshot(2, "h", OptionalLong.of(1))) {
        Fixtures.put(w, "docs/a.txt", TWO);
        w.removeFile("docs/b.txt");
        w.putFile(FileEntry.symlink("docs/c", "a.txt", 5));
        w.commit();
      }
      List<EntryChange> changes = new ArrayList<>();
      DiffSummary s = t.diff(1, 2, changes::add);
      assertThat(changes)
          .extracting(EntryChange::toString)
          .containsExactly("M docs/a.txt", "- docs/b.txt", "+ docs/c");
      assertThat(changes.get(0).before().orElseThrow().size()).isEqualTo(ONE.length);
      assertThat(s).isEqualTo(new DiffSummary(1, 1, 1, 0, 0));
      List<EntryChange> back = new ArrayList<>();
      t.diff(2, 1, back::add);
      assertThat(back)
          .extracting(EntryChange::toString)
          .containsExactly("M docs/a.txt", "+ docs/b.txt", "- docs/c");
      assertThatThrownBy(() -> t.diff(1, 3, c -> {})).isInstanceOf(SnapshotNotFoundException.class);
    }
  }
}
