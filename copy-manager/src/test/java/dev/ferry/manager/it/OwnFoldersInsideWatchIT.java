package dev.ferry.manager.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user who watches their home folder and keeps Ferry's data and target inside it: Ferry's own
 * folders are never copied (the target would otherwise copy itself, drain after drain).
 */
class OwnFoldersInsideWatchIT {
  @TempDir Path base;

  @Test
  void dataAndTargetInsideTheWatchedFolderAreNotCopied() throws Exception {
    Path home = base.resolve("home");
    try (Standalone ferry =
        new Standalone(base, home, home.resolve("backup"), home.resolve(".ferry"))) {
      Files.writeString(Files.createDirectories(home).resolve("notes.txt"), "mine\n");
      ferry.start();
      ferry.awaitQuiet();
      assertThat(Ferry.run("drain", "--now", "--data", ferry.data.toString()).exit()).isZero();
      Files.writeString(home.resolve("more.txt"), "also mine\n");
      ferry.awaitQuiet();
      Ferry.Result second = Ferry.run("drain", "--now", "--data", ferry.data.toString());
      assertThat(second.exit()).as(second.toString()).isZero();

      Ferry.Result list = Ferry.run("snapshots", "--target", ferry.target.toString(), "--json");
      assertThat(list.out()).contains("\"fileCount\":2");
      Path out = base.resolve("out");
      assertThat(
              Ferry.run("restore", "--target", ferry.target.toString(), "--to", out.toString())
                  .exit())
          .isZero();
      try (var s = Files.walk(out)) {
        assertThat(s.filter(Files::isRegularFile).map(p -> out.relativize(p).toString()))
            .containsExactlyInAnyOrder("home/notes.txt", "home/more.txt");
      }
    }
  }

  @Test
  void aWatchedFolderInsideTheTargetIsRefused() throws Exception {
    Ferry.Result r =
        Ferry.run(
            "standalone",
            "--watch",
            Files.createDirectories(base.resolve("t/inside")).toString(),
            "--target",
            base.resolve("t").toString(),
            "--data",
            base.resolve("d").toString());
    assertThat(r.exit()).isNotZero();
    assertThat(r.err().strip()).startsWith("ferry: ").contains("is inside --target");
  }
}
