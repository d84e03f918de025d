package dev.ferry.manager.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry standalone --versions every-save}: a document saved three times before a drain comes
 * back in three snapshots, each with the text of that save, although the file had moved on.
 */
class EverySaveIT {
  @TempDir Path base;

  @Test
  void eachSaveBeforeTheDrainIsRestorableFromItsOwnSnapshot() throws Exception {
    try (Standalone ferry = new Standalone(base, "--versions", "every-save")) {
      ferry.start();
      ferry.awaitQuiet();
      Path doc = ferry.watch.resolve("thesis.txt");
      String[] saves = {"chapter one\n", "chapter one\nchapter two\n", "rewritten from scratch\n"};
      for (String text : saves) {
        Path tmp = ferry.watch.resolve(".thesis.txt.swp");
        Files.writeString(tmp, text);
        Files.move(tmp, doc, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        ferry.awaitQuiet();
      }
      Files.writeString(doc, "typed after the last save, not saved yet\n"); // then the drain
      Ferry.Result drain = Ferry.run("drain", "--now", "--data", ferry.data.toString());
      assertThat(drain.exit()).as(drain.toString()).isZero();
      assertThat(drain.out()).contains("snapshots, the newest");

      Ferry.Result list = Ferry.run("snapshots", "--target", ferry.target.toString(), "--json");
      assertThat(list.exit()).as(list.toString()).isZero();
      java.util.List<Long> ids = new java.util.ArrayList<>();
      for (var n : new com.fasterxml.jackson.databind.ObjectMapper().readTree(list.out())) {
        ids.add(n.path("id").asLong());
      }
      java.util.List<String> restored = new java.util.ArrayList<>();
      for (long id : ids) {
        Path out = base.resolve("restore-" + id);
        Ferry.Result r =
            Ferry.run(
                "restore",
                "--target",
                ferry.target.toString(),
                "--snapshot",
                Long.toString(id),
                "--to",
                out.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        Path f = out.resolve("watch/thesis.txt");
        if (Files.exists(f)) {
          restored.add(Files.readString(f, StandardCharsets.UTF_8));
        }
      }
      assertThat(restored).containsSubsequence(saves[0], saves[1], saves[2]);
    }
  }
}
