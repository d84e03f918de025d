package dev.ferry.manager.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone's embedded catalog is lost (its folder deleted, as when its disk died): {@code
 * ferry catalog rebuild --data} brings it back from the target, refuses while the standalone runs,
 * and the next standalone drains only what changed since.
 */
class CatalogRebuildIT {
  @TempDir Path base;

  @Test
  void aLostEmbeddedCatalogIsRebuiltAndTheNextDrainCopiesOnlyTheChange() throws Exception {
    byte[] big = new byte[3 << 20];
    new Random(11).nextBytes(big);
    try (Standalone ferry = new Standalone(base)) {
      Files.writeString(ferry.watch.resolve("notes.txt"), "notes\n");
      Files.write(ferry.watch.resolve("big.bin"), big);
      ferry.start();
      ferry.awaitQuiet();
      Ferry.Result first = Ferry.run("drain", "--now", "--data", ferry.data.toString());
      assertThat(first.out()).as(first.toString()).contains("2 files copied");

      Ferry.Result whileRunning = rebuild(ferry);
      assertThat(whileRunning.exit()).isEqualTo(1);
      assertThat(whileRunning.err()).contains("a Ferry is running with --data", "stop it");
    }
    Standalone again = new Standalone(base);
    deleteTree(again.data.resolve("catalog"));

    Ferry.Result rebuilt = rebuild(again);

    assertThat(rebuilt.exit()).as(rebuilt.toString()).isZero();
    assertThat(rebuilt.out()).contains("1 snapshots of 1 host(s), 2 files (2 versions)");
    try (Standalone ferry = again.start()) {
      big[1_500_000] ^= 1;
      Files.write(ferry.watch.resolve("big.bin"), big);
      ferry.awaitQuiet();
      Ferry.Result next = Ferry.run("drain", "--now", "--data", ferry.data.toString());
      assertThat(next.out())
          .as(next.toString())
          .contains("snapshot 2: 1 records, 1 files copied")
          .containsPattern(" [12] chunks \\(");
      Ferry.Result restored =
          Ferry.run(
              "restore",
              "--target",
              ferry.target.toString(),
              "--to",
              base.resolve("out").toString());
      assertThat(restored.exit()).as(restored.toString()).isZero();
      assertThat(Files.readAllBytes(base.resolve("out/watch/big.bin"))).isEqualTo(big);
      assertThat(Files.readString(base.resolve("out/watch/notes.txt"))).isEqualTo("notes\n");
    }
  }

  private static Ferry.Result rebuild(Standalone s) throws Exception {
    return Ferry.run(
        "catalog", "rebuild", "--target", s.target.toString(), "--data", s.data.toString());
  }

  private static void deleteTree(Path dir) throws Exception {
    try (var all = Files.walk(dir)) {
      for (Path p : all.sorted((a, b) -> b.compareTo(a)).toList()) {
        Files.delete(p);
      }
    }
  }
}
