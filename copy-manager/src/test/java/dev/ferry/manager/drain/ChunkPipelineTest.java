package dev.ferry.manager.drain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.target.ChunkHash;
import dev.ferry.target.ChunkLocation;
import dev.ferry.target.ChunkRef;
import dev.ferry.target.DiskTarget;
import dev.ferry.target.EncodedChunk;
import dev.ferry.target.FileEntry;
import dev.ferry.target.SnapshotInfo;
import dev.ferry.target.SnapshotWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChunkPipelineTest {
  @TempDir Path dir;

  /** Text for some chunks (compressed), random bytes for others (stored plain). */
  private static byte[] chunk(int i) {
    if (i % 3 == 0) {
      byte[] b = new byte[5000 + i];
      new Random(i).nextBytes(b);
      return b;
    }
    return ("chunk " + i + " says the same thing again; ")
        .repeat(200)
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void entriesQueuedBehindTheirChunksReachTheWriterAfterThemAndReadBackExactly() throws Exception {
    int files = 3 * ChunkPipeline.AHEAD; // more chunks than wait at once: put must wait and go on
    Map<ChunkHash, ChunkLocation> placed = new HashMap<>();
    Map<String, byte[]> contents = new HashMap<>();
    try (DiskTarget t = DiskTarget.openOrCreate(dir)) {
      try (SnapshotWriter w = t.newSnapshot(1, "h", OptionalLong.empty());
          ChunkPipeline p = new ChunkPipeline(w, 2)) {
        for (int f = 0; f < files; f++) {
          List<ChunkRef> refs = new ArrayList<>();
          ByteArrayOutputStream all = new ByteArrayOutputStream();
          for (int c = 0; c < 2; c++) {
            byte[] data = chunk(2 * f + c);
            ChunkHash h = ChunkHash.of(data, 0, data.length);
            p.put(h, data, "f" + f, loc -> placed.put(h, loc));
            refs.add(new ChunkRef(h, data.length));
            all.write(data);
          }
          FileEntry e = new FileEntry("f" + f, all.size(), 1L, 0644, refs);
          // putFile checks every chunk is stored: it would throw if it overtook one.
          p.inOrder(() -> w.putFile(e));
          contents.put(e.path(), all.toByteArray());
        }
        p.inOrder(() -> w.removeFile("f0"));
        contents.remove("f0");
        p.finish();
        assertThat(placed).hasSize(2 * files);
        SnapshotInfo info = w.commit();
        assertThat(info.fileCount()).isEqualTo(files - 1);
      }
      for (FileEntry e : t.readSnapshot(1).entries()) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        t.readFile(e, out);
        assertThat(out.toByteArray()).as(e.path()).isEqualTo(contents.get(e.path()));
      }
      assertThat(t.verify(true).damages()).isEmpty();
    }
  }

  @Test
  void aWriterFailureSurfacesAsATargetWriteFailureAndNothingAfterItRuns() throws IOException {
    List<String> ran = new ArrayList<>();
    try (DiskTarget t = DiskTarget.openOrCreate(dir);
        SnapshotWriter real = t.newSnapshot(1, "h", OptionalLong.empty())) {
      SnapshotWriter full = new DiskFullOnChunks(real);
      try (ChunkPipeline p = new ChunkPipeline(full, 1)) {
        byte[] data = chunk(1);
        p.put(ChunkHash.of(data, 0, data.length), data, "a", loc -> ran.add("placed"));
        p.inOrder(() -> ran.add("entry"));

        assertThatThrownBy(p::finish)
            .isInstanceOf(TargetWriteException.class)
            .hasMessageContaining("No space left on device");
      }
    }
    assertThat(ran).isEmpty();
  }

  /** A writer whose disk is full for chunks; everything else goes to the real one. */
  private record DiskFullOnChunks(SnapshotWriter real) implements SnapshotWriter {
    @Override
    public ChunkLocation putChunk(ChunkHash h, byte[] buf, int off, int len, String path)
        throws IOException {
      throw new IOException("No space left on device");
    }

    @Override
    public ChunkLocation putEncodedChunk(ChunkHash h, EncodedChunk c, String path)
        throws IOException {
      throw new IOException("No space left on device");
    }

    @Override
    public void putFile(FileEntry e) throws IOException {
      real.putFile(e);
    }

    @Override
    public void removeFile(String path) throws IOException {
      real.removeFile(path);
    }

    @Override
    public SnapshotInfo commit() throws IOException {
      return real.commit();
    }

    @Override
    public void close() {
      real.close();
    }
  }
}
