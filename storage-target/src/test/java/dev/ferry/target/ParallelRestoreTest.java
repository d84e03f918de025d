package dev.ferry.target;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.target.disk.Restorer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A restore writes files on several threads; what it restores and reports must not show it. */
class ParallelRestoreTest {
  @TempDir Path dir;
  @TempDir Path out;

  @Test
  void manyFilesInSharedNewFoldersAndLargeFilesAreAllRestoredExactly() throws IOException {
    Map<String, byte[]> contents = new LinkedHashMap<>();
    int large = (int) Restorer.LARGE_FILE;
    contents.put("big/image.img", Fixtures.bytes(-1, large + 12_345));
    contents.put("db/app.sqlite", Fixtures.bytes(-2, large));
    for (int i = 0; i < 600; i++) {
      // Folders shared by many files and nested three deep: both writers create and meet them.
      String path = "home/d" + (i % 7) + "/e" + (i % 5) + "/f" + (i % 3) + "/file-" + i + ".txt";
      contents.put(path, Fixtures.bytes(i, 1 + (i * 977) % 20_000));
    }
    try (DiskTarget t = DiskTarget.openOrCreate(dir)) {
      try (SnapshotWriter w = t.newSnapshot(1, "h", OptionalLong.empty())) {
        for (Map.Entry<String, byte[]> c : contents.entrySet()) {
          Fixtures.put(w, c.getKey(), c.getValue(), 1 << 20, 0644);
        }
        w.commit();
      }
      RestoreResult r = t.restore(1, null, out);

      assertThat(r.failures()).isEmpty();
      assertThat(r.filesRestored()).isEqualTo(contents.size());
      assertThat(r.bytesRestored())
          .isEqualTo(contents.values().stream().mapToLong(b -> b.length).sum());
    }
    for (Map.Entry<String, byte[]> c : contents.entrySet()) {
      assertThat(out.resolve(c.getKey())).hasBinaryContent(c.getValue());
    }
    try (var leftovers = Files.walk(out)) {
      assertThat(leftovers.filter(p -> p.getFileName().toString().startsWith(".ferry-restore-")))
          .isEmpty();
    }
  }

  @Test
  void failuresAreListedInSnapshotOrderWhicheverWriterMetThem() throws IOException {
    try (DiskTarget t = DiskTarget.openOrCreate(dir)) {
      try (SnapshotWriter w = t.newSnapshot(1, "h", OptionalLong.empty())) {
        for (int i = 0; i < 200; i++) {
          Fixtures.put(w, String.format("f%03d", i), Fixtures.bytes(i, 3000));
        }
        w.commit();
      }
      // A directory where a file goes fails that file, and only it.
      for (int i : new int[] {7, 42, 43, 150, 199}) {
        Files.createDirectory(out.resolve(String.format("f%03d", i)));
      }
      RestoreResult r = t.restore(1, null, out);

      assertThat(r.filesRestored()).isEqualTo(195);
      assertThat(r.failures())
          .extracting(f -> f.substring(0, f.indexOf(':')))
          .containsExactly("f007", "f042", "f043", "f150", "f199");
    }
  }
}
