package dev.ferry.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FileEntryTest {
  @Test
  void pathWithAnUnpairedSurrogateIsRejectedRatherThanStoredAsAQuestionMark() {
    // String.getBytes(UTF_8) would write "a?b": another file's name, and maybe out of order.
    for (String bad : new String[] {"a\uD800b", "a\uDC00", "\uD83D"}) {
      assertThatThrownBy(() -> new FileEntry(bad, 0, 0, 0644, List.of()))
          .as(bad)
          .isInstanceOf(InvalidEntryPathException.class)
          .hasMessageContaining("unpaired surrogate");
    }
    assertThat(new FileEntry("\uD83D\uDE00/a", 0, 0, 0644, List.of()).path())
        .isEqualTo("\uD83D\uDE00/a");
  }

  @Test
  void symlinkIsAnEntryWithoutContentWhoseModeIsWhatLinuxReports() {
    FileEntry e = FileEntry.symlink("bin/sh", "../usr/bin/dash", 42);
    assertThat(e.kind()).isEqualTo(FileEntry.Kind.SYMLINK);
    assertThat(e.isSymlink()).isTrue();
    assertThat(e.isRegularFile()).isFalse();
    assertThat(e.linkTarget()).isEqualTo("../usr/bin/dash");
    assertThat(e.size()).isZero();
    assertThat(e.chunks()).isEmpty();
    assertThat(e.mode()).isEqualTo(0777);
    assertThat(e.mtimeNanos()).isEqualTo(42);
  }

  @Test
  void fiveArgumentConstructorAndRegularFileFactoryBuildTheSameEntry() {
    FileEntry viaConstructor = new FileEntry("a", 0, 1, 0644, List.of());
    assertThat(viaConstructor).isEqualTo(FileEntry.regularFile("a", 0, 1, 0644, List.of()));
    assertThat(viaConstructor.kind()).isEqualTo(FileEntry.Kind.REGULAR_FILE);
    assertThat(viaConstructor.linkTarget()).isEmpty();
    assertThat(viaConstructor).isNotEqualTo(FileEntry.symlink("a", "b", 1));
  }

  @Test
  void linkTextsNoLinuxLinkCanHoldAreRefusedWhenBuilt() {
    for (String bad :
        new String[] {"", "a\0b", "x".repeat(4096), "\u00e9".repeat(2048), "a\uD800", "\uDC00"}) {
      assertThatThrownBy(() -> FileEntry.symlink("dir/l", bad, 0))
          .as("%.20s", bad)
          .isInstanceOf(InvalidLinkTargetException.class)
          .hasMessageStartingWith("invalid link target of \"dir/l\": ");
    }
  }

  @Test
  void linkTextIsDataAndNotHeldToTheEntryPathRules() {
    for (String text :
        new String[] {
          "/", "/etc/passwd", "../../x", "a//b", "dir/", ".", "..", "a\\b", " ", "x".repeat(4095)
        }) {
      assertThat(FileEntry.symlink("l", text, 0).linkTarget()).isEqualTo(text);
    }
    assertThatThrownBy(() -> FileEntry.symlink("../l", "t", 0))
        .isInstanceOf(InvalidEntryPathException.class);
  }

  @Test
  void fieldsThatDoNotFitTheKindAreRefused() {
    ChunkRef ref = new ChunkRef(ChunkHash.of(new byte[1], 0, 1), 1);
    FileEntry.Kind link = FileEntry.Kind.SYMLINK;
    FileEntry.Kind file = FileEntry.Kind.REGULAR_FILE;
    assertThatThrownBy(() -> new FileEntry("l", link, 1, 0, 0777, List.of(ref), "t"))
        .hasMessageContaining("link l cannot have content");
    assertThatThrownBy(() -> new FileEntry("l", link, 0, 0, 0644, List.of(), "t"))
        .hasMessageContaining("mode of link l must be 0777");
    assertThatThrownBy(() -> new FileEntry("f", file, 0, 0, 0644, List.of(), "t"))
        .hasMessageContaining("regular file f cannot have a link target");
    assertThatThrownBy(() -> new FileEntry("f", null, 0, 0, 0644, List.of(), ""))
        .isInstanceOf(NullPointerException.class);
  }
}
