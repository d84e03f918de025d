package dev.ferry.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer starting a snapshot parses only index files that are new since its target last loaded
 * the index, and loads everything again when one it saw was replaced or deleted: so what another
 * writer committed or pruned meanwhile is always what it sees.
 */
class IndexRefreshTest {
  @TempDir Path dir;

  @Test
  void aSnapshotStartedAfterAnotherWritersCommitDedupesAgainstItsChunks() throws IOException {
    try (DiskTarget mine = DiskTarget.openOrCreate(dir);
        DiskTarget other = DiskTarget.open(dir)) {
      commit(other, 1, OptionalLong.empty(), "a", "shared content");
      assertThat(mine.hasChunk(hash("shared content"))).isFalse();
      try (SnapshotWriter w = mine.newSnapshot(2, "h", OptionalLong.of(1))) {
        assertThat(mine.hasChunk(hash("shared content"))).isTrue();
        w.commit();
      }
      assertThat(mine.readSnapshot(2).entries()).extracting(FileEntry::path).containsExactly("a");
    }
  }

  @Test
  void aSnapshotStartedAfterAnotherWritersPruneFindsTheChunksItMoved() throws IOException {
    try (DiskTarget mine = DiskTarget.openOrCreate(dir);
        DiskTarget other = DiskTarget.open(dir)) {
      try (SnapshotWriter w = mine.newSnapshot(1, "h", OptionalLong.empty())) {
        Fixtures.put(w, "a", "kept".getBytes(StandardCharsets.UTF_8));
        Fixtures.put(w, "b", "dropped by prune".getBytes(StandardCharsets.UTF_8));
        w.commit();
      }
      try (SnapshotWriter w = mine.newSnapshot(2, "h", OptionalLong.of(1))) {
        w.removeFile("b");
        w.commit();
      }
      ChunkLocation before = mine.locate(hash("kept")).orElseThrow();
      other.forget(List.of(1L));
      assertThat(other.prune(0).containersRepacked()).isPositive();
      ChunkLocation moved = other.locate(hash("kept")).orElseThrow();
      assertThat(moved).isNotEqualTo(before);
      try (SnapshotWriter w = mine.newSnapshot(3, "h", OptionalLong.of(2))) {
        assertThat(mine.locate(hash("kept"))).contains(moved);
        assertThat(mine.hasChunk(hash("dropped by prune"))).isFalse();
        w.commit();
      }
      FileEntry a = mine.readSnapshot(3).entries().get(0);
      assertThat(new String(Fixtures.read(mine, a), StandardCharsets.UTF_8)).isEqualTo("kept");
    }
  }

  private static void commit(DiskTarget t, long id, OptionalLong parent, String path, String text)
      throws IOException {
    try (SnapshotWriter w = t.newSnapshot(id, "h", parent)) {
      Fixtures.put(w, path, text.getBytes(StandardCharsets.UTF_8));
      w.commit();
    }
  }

  private static ChunkHash hash(String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    return ChunkHash.of(b, 0, b.length);
  }
}
