package dev.ferry.target;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file entry that lists an earlier snapshot's chunk with another length is refused, also once the
 * chunk's container header is known to the writer from an entry put before it.
 */
class StoredLengthCheckTest {
  @TempDir Path dir;

  @Test
  void aWrongLengthOfAnEarlierChunkIsRefusedAfterTheRightOneWasPut() throws IOException {
    try (DiskTarget t = DiskTarget.openOrCreate(dir)) {
      FileEntry good;
      try (SnapshotWriter w = t.newSnapshot(1, "h", OptionalLong.empty())) {
        good = Fixtures.put(w, "a.txt", "twelve bytes".getBytes(StandardCharsets.UTF_8));
        w.commit();
      }
      ChunkRef ref = good.chunks().get(0);
      try (SnapshotWriter w = t.newSnapshot(2, "h", OptionalLong.of(1))) {
        w.putFile(new FileEntry("b.txt", 12, good.mtimeNanos(), 0644, List.of(ref)));
        FileEntry forged =
            new FileEntry(
                "c.txt", 13, good.mtimeNanos(), 0644, List.of(new ChunkRef(ref.hash(), 13)));

        assertThatThrownBy(() -> w.putFile(forged))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("stored with length 12");
      }
    }
  }
}
