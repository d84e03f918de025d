package dev.ferry.target.disk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.target.ChunkHash;
import dev.ferry.target.ChunkRef;
import dev.ferry.target.FileEntry;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestorerWriteOrderTest {
  private static FileEntry file(String path, long size) {
    // Only the size matters to the order; one chunk of that length makes the entry well formed.
    ChunkHash any = ChunkHash.of(new byte[0], 0, 0);
    return new FileEntry(path, size, 0, 0644, List.of(new ChunkRef(any, Math.toIntExact(size))));
  }

  @Test
  void largeFilesGoFirstLargestFirstThenTheRestInSnapshotOrder() {
    long large = Restorer.LARGE_FILE;
    List<FileEntry> files =
        List.of(
            file("a", 10),
            file("b", large),
            file("c", 5),
            file("d", 3 * large),
            file("e", large - 1),
            file("f", large));

    assertThat(Restorer.writeOrder(files)).containsExactly(3, 1, 5, 0, 2, 4);
  }

  @Test
  void withoutLargeFilesTheOrderIsTheSnapshotsOwn() {
    assertThat(Restorer.writeOrder(List.of(file("a", 1), file("b", 2), file("c", 0))))
        .containsExactly(0, 1, 2);
  }
}
