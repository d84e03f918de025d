package dev.ferry.target;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.target.snapshot.SnapshotCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A root that lists a stored chunk with a length its container does not give it (a forged or
 * miswritten root; the CRC can be recomputed) is damage verify reports, naming each entry it
 * reaches, although every byte on disk checks out on its own.
 */
class VerifyChunkLengthTest {
  @TempDir Path dir;

  @Test
  void aRootListingAChunkWithTheWrongLengthIsReportedWithTheEntriesItReaches() throws IOException {
    FileEntry good;
    try (DiskTarget t = DiskTarget.openOrCreate(dir)) {
      try (SnapshotWriter w = t.newSnapshot(1, "h", OptionalLong.empty())) {
        good = Fixtures.put(w, "a.txt", "twelve bytes".getBytes(StandardCharsets.UTF_8));
        w.commit();
      }
      SnapshotInfo info = t.readSnapshot(1).info();
      ChunkRef ref = good.chunks().get(0);
      FileEntry forged =
          new FileEntry(
              "a.txt", 13, good.mtimeNanos(), 0644, List.of(new ChunkRef(ref.hash(), 13)));
      SnapshotInfo forgedInfo =
          new SnapshotInfo(1, OptionalLong.empty(), info.createdAt(), "h", 1, 13);
      Files.write(
          dir.resolve("snapshots/00000000000000000001.snap"),
          SnapshotCodec.encode(new Snapshot(forgedInfo, List.of(forged))));
      VerifyReport r = t.verify(false);
      assertThat(r.ok()).isFalse();
      assertThat(r.damages()).hasSize(1);
      Damage d = r.damages().get(0);
      assertThat(d.what()).isEqualTo("chunk " + ref.hash() + " listed with length 13");
      assertThat(d.detail()).contains("a.txt lists it with length 13").contains("length 12");
      assertThat(d.affected()).containsExactly(new AffectedEntry(1, "a.txt"));
    }
  }
}
