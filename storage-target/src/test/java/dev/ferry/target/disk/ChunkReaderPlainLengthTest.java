package dev.ferry.target.disk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.target.ChunkHash;
import dev.ferry.target.ChunkLocation;
import dev.ferry.target.ChunkRef;
import dev.ferry.target.DiskTarget;
import dev.ferry.target.FileEntry;
import dev.ferry.target.SnapshotWriter;
import dev.ferry.target.crypto.TargetKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer asks the plain length of every chunk of every file it puts: a container whose header was
 * parsed once answers from it, without opening its file again.
 */
class ChunkReaderPlainLengthTest {
  private static final byte[] CONTENT = "twelve bytes".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;

  @Test
  void aParsedHeaderAnswersWithoutItsFile() throws IOException {
    ChunkHash h = ChunkHash.of(CONTENT, 0, CONTENT.length);
    ChunkLocation loc = storedOnce(h);
    TargetLayout layout = new TargetLayout(dir);
    ChunkReader reader = new ChunkReader(layout, TargetKeys.NONE);
    assertThat(reader.plainLength(h, loc)).hasValue(CONTENT.length);

    Files.delete(layout.container(loc.containerId()));

    assertThat(reader.plainLength(h, loc)).hasValue(CONTENT.length);
    assertThat(new ChunkReader(layout, TargetKeys.NONE).plainLength(h, loc)).isEmpty();
  }

  @Test
  void aParsedHeaderStillRefusesAChunkAtAnotherPlace() throws IOException {
    ChunkHash h = ChunkHash.of(CONTENT, 0, CONTENT.length);
    ChunkLocation loc = storedOnce(h);
    ChunkReader reader = new ChunkReader(new TargetLayout(dir), TargetKeys.NONE);
    assertThat(reader.plainLength(h, loc)).hasValue(CONTENT.length);

    ChunkLocation elsewhere = new ChunkLocation(loc.containerId(), loc.offset() + 1, loc.length());

    assertThat(reader.plainLength(h, elsewhere)).isEmpty();
  }

  private ChunkLocation storedOnce(ChunkHash h) throws IOException {
    try (DiskTarget t = DiskTarget.openOrCreate(dir)) {
      try (SnapshotWriter w = t.newSnapshot(1, "h", OptionalLong.empty())) {
        w.putChunk(h, CONTENT, 0, CONTENT.length, "a.txt");
        w.putFile(
            new FileEntry(
                "a.txt", CONTENT.length, 0, 0644, List.of(new ChunkRef(h, CONTENT.length))));
        w.commit();
      }
      return t.locate(h).orElseThrow();
    }
  }
}
