package dev.ferry.monitor.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TemporaryFilesTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        ".notes.txt.swp",
        ".notes.txt.swx",
        "4913",
        "notes.txt~",
        "#notes.txt#",
        ".#notes.txt",
        ".goutputstream-7QX1Z2",
        ".~lock.budget.ods#",
        "~$budget.xlsx",
        "upload.TMP",
        "film.mp4.crdownload",
        "iso.part",
        "x.partial",
        "y.download",
        ".DS_Store",
        "a.kate-swp",
        "A.java___jb_tmp___",
        "A.java___jb_old___",
        "Thumbs.db"
      })
  void editorAndBrowserScratchFilesAreTemporary(String name) {
    assertThat(TemporaryFiles.isTemporary(name)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"notes.txt", "budget.xlsx", "party.jpg", "#hashtag", "~home", "4914", "parts.txt"})
  void ordinaryFilesAreNot(String name) {
    assertThat(TemporaryFiles.isTemporary(name)).isFalse();
  }
}
