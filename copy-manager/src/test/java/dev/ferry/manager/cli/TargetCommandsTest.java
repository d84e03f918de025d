package dev.ferry.manager.cli;

import static dev.ferry.manager.cli.CliRun.ferry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.manager.cli.CliRun.Run;
import dev.ferry.target.ChunkHash;
import dev.ferry.target.ChunkRef;
import dev.ferry.target.DiskTarget;
import dev.ferry.target.FileEntry;
import dev.ferry.target.SnapshotWriter;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry diff} and {@code ferry verify} run in-process against a target built here. */
class TargetCommandsTest {
  @TempDir Path dir;

  private static FileEntry put(SnapshotWriter w, String path, String content, long mtime, int mode)
      throws IOException {
    byte[] b = content.getBytes(StandardCharsets.UTF_8);
    ChunkHash h = ChunkHash.of(b, 0, b.length);
    w.putChunk(h, b, 0, b.length, path);
    FileEntry e =
        FileEntry.regularFile(path, b.length, mtime, mode, List.of(new ChunkRef(h, b.length)));
    w.putFile(e);
    return e;
  }

  @BeforeEach
  void twoSnapshots() throws IOException {
    try (DiskTarget t = DiskTarget.openOrCreate(dir)) {
      try (SnapshotWriter w = t.newSnapshot(1, "h", OptionalLong.empty())) {
        put(w, "docs/a.txt", "alpha", 1, 0644);
        put(w, "docs/b.txt", "beta", 1, 0644);
        put(w, "keep", "same", 1, 0644);
        put(w, "mode", "same", 1, 0644);
        put(w, "turns-link", "file", 1, 0644);
        w.commit();
      }
      try (SnapshotWriter w = t.newSnapshot(2, "h", OptionalLong.of(1))) {
        put(w, "docs/a.txt", "alpha, edited", 2, 0644);
        w.removeFile("docs/b.txt");
        put(w, "mode", "same", 1, 0600);
        put(w, "new\nline", "x", 1, 0644);
        w.putFile(FileEntry.symlink("turns-link", "keep", 1));
        w.commit();
      }
    }
  }

  @Test
  void diffListsEveryChangedPathInOrderWithItsLetterThenASummary() {
    Run r = ferry("diff", "--target", dir.toString(), "1", "2");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out().lines())
        .containsExactly(
            "M docs/a.txt",
            "- docs/b.txt",
            "U mode",
            "+ new\\nline",
            "T turns-link",
            "snapshot 1 -> 2: 1 added, 1 removed, 1 modified, 1 type changed, 1 metadata only");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void diffOfAMissingSnapshotOrABadIdIsOneLineNamingIt() {
    Run missing = ferry("diff", "--target", dir.toString(), "1", "9");
    assertThat(missing.exit()).isEqualTo(FerryCli.FAILED);
    assertThat(missing.err().lines()).singleElement().asString().contains("9");
    Run bad = ferry("diff", "--target", dir.toString(), "1", "latest!");
    assertThat(bad.exit()).isEqualTo(FerryCli.USAGE);
    assertThat(bad.err().lines()).singleElement().asString().contains("latest!");
  }

  @Test
  void verifyOnAGoodTargetSaysSoAndExitsZero() {
    Run r = ferry("verify", "--target", dir.toString(), "--read-data");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out())
        .contains("checked 2 containers, 6 chunks, 2 snapshots; data read in all 2 containers")
        .contains("no damage");
  }

  @Test
  void verifyNamesEveryEntryADamageReachesAndExitsNonZero() throws IOException {
    flipFirst("beta");
    Run structure = ferry("verify", "--target", dir.toString());
    assertThat(structure.exit()).as("chunk bytes are not read").isZero();
    assertThat(structure.out()).contains("no data read");

    Run r = ferry("verify", "--target", dir.toString(), "--read-data");
    assertThat(r.exit()).as(r.toString()).isEqualTo(FerryCli.FAILED);
    assertThat(r.out())
        .contains("damaged chunk ")
        .contains("(first stored for docs/b.txt)")
        .contains("  affects snapshot 1: docs/b.txt\n");
    assertThat(r.err().lines())
        .containsExactly("ferry: 1 damaged, affecting 1 entries in 1 snapshots");

    Run all = ferry("verify", "--target", dir.toString(), "--read-data-subset", "100%");
    assertThat(all.exit()).isEqualTo(FerryCli.FAILED);
    assertThat(all.out())
        .contains("data read in 2 of 2 containers (100% of the containers chosen at random)");
  }

  @Test
  void verifyReadsAGroupOfContainersAndRefusesABadSubset() {
    Run g = ferry("verify", "--target", dir.toString(), "--read-data-subset", "1/1");
    assertThat(g.exit()).as(g.toString()).isZero();
    assertThat(g.out())
        .contains("data read in 2 of 2 containers (group 1/1 of the containers by id)");
    Run bad = ferry("verify", "--target", dir.toString(), "--read-data-subset", "5");
    assertThat(bad.exit()).isEqualTo(FerryCli.USAGE);
    assertThat(bad.err().lines())
        .singleElement()
        .asString()
        .contains("--read-data-subset")
        .contains("\"5\"");
    Run both =
        ferry("verify", "--target", dir.toString(), "--read-data", "--read-data-subset", "5%");
    assertThat(both.exit()).isEqualTo(FerryCli.USAGE);
  }

  /** Flips a byte of {@code text} where a container holds it: chunks are stored plain. */
  private void flipFirst(String text) throws IOException {
    try (Stream<Path> s = Files.walk(dir.resolve("data"))) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        int at = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1).indexOf(text);
        if (at >= 0) {
          try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.seek(at);
            f.write(text.charAt(0) ^ 1);
          }
          return;
        }
      }
    }
    throw new AssertionError("no container holds " + text);
  }
}
