package dev.ferry.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tree of many small files is one tiny chunk a file: the containers' headers fill up long before
 * their data. Found by the snapshot bench: 1,000,000 files of 10 bytes made one container whose
 * header (75 MB) readers refuse, so the commit failed at its read-back check, every time.
 */
class ManyTinyChunksTest {
  @TempDir Path tmp;

  @Test
  void aCommitOfManyTinyChunksSealsContainersBeforeTheirHeaderOutgrowsTheReadersCap()
      throws IOException {
    int files = 120_000;
    String longFolder = "a-folder-name-long-enough-to-fill-the-path-table-quickly/".repeat(10);
    try (DiskTarget t = DiskTarget.openOrCreate(tmp.resolve("t"))) {
      try (SnapshotWriter w = t.newSnapshot(1, "h", OptionalLong.empty())) {
        for (int f = 0; f < files; f++) {
          byte[] b = ("file " + f).getBytes(StandardCharsets.UTF_8);
          ChunkHash h = ChunkHash.of(b, 0, b.length);
          String path = longFolder + "f" + f;
          w.putChunk(h, b, 0, b.length, path);
          w.putFile(new FileEntry(path, b.length, 0, 0644, List.of(new ChunkRef(h, b.length))));
        }
        w.commit();
      }
      long containers;
      try (Stream<Path> s = Files.walk(tmp.resolve("t/data"))) {
        containers = s.filter(Files::isRegularFile).count();
      }
      // ~620 B of header a chunk (a 53 B row, a 570 B path): 74 MB in one header, over the cap.
      assertThat(containers).isGreaterThanOrEqualTo(9);
      assertThat(t.verify(false).ok()).isTrue();
      Snapshot s = t.readSnapshot(1);
      assertThat(Fixtures.read(t, s.entries().get(files - 1))).isNotEmpty();
    }
  }
}
