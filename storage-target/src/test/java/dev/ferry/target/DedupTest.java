package dev.ferry.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DedupTest {
  @TempDir Path dir;

  @Test
  void sameChunkPutTwiceInOneSnapshotIsStoredOnce() throws IOException {
    byte[] data = Fixtures.bytes(7, 5000);
    ChunkHash h = ChunkHash.of(data, 0, data.length);
    try (DiskTarget t = DiskTarget.openOrCreate(dir);
        SnapshotWriter w = t.newSnapshot(1, "h", OptionalLong.empty())) {
      ChunkLocation first = w.putChunk(h, data, 0, data.length, "a");
      ChunkLocation second = w.putChunk(h, data, 0, data.length, "b");
      assertThat(second).isEqualTo(first);
      w.putFile(new FileEntry("a", 5000, 0, 0644, java.util.List.of(new ChunkRef(h, 5000))));
      w.putFile(new FileEntry("b", 5000, 0, 0644, java.util.List.of(new ChunkRef(h, 5000))));
      w.commit();
      VerifyReport report = t.verify(true);
      assertThat(report.chunksChecked()).isEqualTo(1);
      assertThat(report.containersChecked()).isEqualTo(1);
    }
  }

  @Test
  void chunkStoredByAnEarlierSnapshotIsNotStoredAgainAndKeepsItsLocation() throws IOException {
    byte[] data = Fixtures.bytes(8, 5000);
    ChunkHash h = ChunkHash.of(data, 0, data.length);
    ChunkLocation first;
    try (DiskTarget t = DiskTarget.openOrCreate(dir)) {
      try (SnapshotWriter w = t.newSnapshot(1, "h", OptionalLong.empty())) {
        first = w.putChunk(h, data, 0, data.length, "a");
        Fixtures.put(w, "a", data, 5000, 0644);
        w.commit();
      }
      assertThat(t.hasChunk(h)).isTrue();
      assertThat(t.locate(h)).contains(first);
    }
    try (DiskTarget t = DiskTarget.open(dir)) {
      assertThat(t.locate(h)).contains(first);
      try (SnapshotWriter w = t.newSnapshot(2, "h", OptionalLong.empty())) {
        assertThat(w.putChunk(h, data, 0, data.length, "copy/a")).isEqualTo(first);
        Fixtures.put(w, "copy/a", data, 5000, 0644);
        w.commit();
      }
      assertThat(RoundTripTest.containerCount(dir)).isEqualTo(1);
      assertThat(t.verify(true).ok()).isTrue();
    }
  }
}
