package dev.ferry.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.target.container.ContainerHeader;
import dev.ferry.target.container.ContainerReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorruptionTest {
  @TempDir Path dir;
  @TempDir Path out;
  private FileEntry a;
  private ChunkHash aHash;
  private final byte[] aBytes = Fixtures.bytes(1, 3000);
  private final byte[] bBytes = Fixtures.bytes(2, 3000);

  @BeforeEach
  void twoSnapshotsSharingAFile() throws IOException {
    try (DiskTarget t = DiskTarget.openOrCreate(dir)) {
      try (SnapshotWriter w = t.newSnapshot(1, "h", OptionalLong.empty())) {
        a = Fixtures.put(w, "docs/a.txt", aBytes);
        Fixtures.put(w, "docs/b.txt", bBytes);
        w.commit();
      }
      try (SnapshotWriter w = t.newSnapshot(2, "h", OptionalLong.of(1))) {
        Fixtures.put(w, "c.txt", Fixtures.bytes(3, 100));
        w.commit();
      }
      aHash = a.chunks().get(0).hash();
    }
  }

  @Test
  void flippedDataByteIsFoundByReadDataVerifyNamingEveryAffectedSnapshotFile() throws IOException {
    String container = flipByteInChunk(aHash);
    try (DiskTarget t = DiskTarget.open(dir)) {
      assertThat(t.verify(false).ok()).as("structure check does not read chunk data").isTrue();
      VerifyReport report = t.verify(true);
      assertThat(report.ok()).isFalse();
      assertThat(report.damages()).hasSize(1);
      Damage d = report.damages().get(0);
      assertThat(d.what()).isEqualTo("chunk " + aHash);
      assertThat(d.detail()).contains(container).contains("docs/a.txt");
      assertThat(d.affected())
          .containsExactly(new AffectedEntry(1, "docs/a.txt"), new AffectedEntry(2, "docs/a.txt"));
    }
  }

  @Test
  void restoreOfAFileWithACorruptChunkFailsWithoutLeavingAWrongFileAndRestoresTheRest()
      throws IOException {
    String container = flipByteInChunk(aHash);
    try (DiskTarget t = DiskTarget.open(dir)) {
      RestoreResult r = t.restore(2, null, out);
      assertThat(r.filesRestored()).isEqualTo(2);
      assertThat(r.failures())
          .singleElement()
          .asString()
          .startsWith("docs/a.txt: ")
          .contains(container)
          .contains(aHash.toHex());
      assertThat(out.resolve("docs/a.txt")).doesNotExist();
      assertThat(out.resolve("docs/b.txt")).hasBinaryContent(bBytes);
      try (var files = Files.list(out.resolve("docs"))) {
        assertThat(files).containsExactly(out.resolve("docs/b.txt"));
      }
      assertThatThrownBy(() -> t.readFile(a, new ByteArrayOutputStream()))
          .isInstanceOf(ChunkCorruptException.class)
          .hasMessageContaining(container)
          .hasMessageContaining(aHash.toHex());
    }
  }

  @Test
  void damagedContainerHeaderIsFoundByStructureCheckAndNamesItsFiles() throws IOException {
    try (DiskTarget t = DiskTarget.open(dir)) {
      String id = t.locate(aHash).orElseThrow().containerId();
      flipAt(containerPath(id), 60); // inside the path table: "docs/a.txt"
      VerifyReport report = t.verify(false);
      assertThat(report.damages()).extracting(Damage::what).contains("container " + id);
      Damage d =
          report.damages().stream()
              .filter(x -> x.what().equals("container " + id))
              .findFirst()
              .orElseThrow();
      assertThat(d.affected())
          .contains(new AffectedEntry(1, "docs/a.txt"), new AffectedEntry(2, "docs/b.txt"));
    }
  }

  @Test
  void corruptSnapshotEntriesAreRefusedByReadAndReportedByVerify() throws IOException {
    Path snap = dir.resolve("snapshots/00000000000000000001.snap");
    flipAt(snap, (int) Files.size(snap) - 10);
    try (DiskTarget t = DiskTarget.open(dir)) {
      assertThatThrownBy(() -> t.readSnapshot(1)).isInstanceOf(CorruptSnapshotException.class);
      VerifyReport report = t.verify(false);
      assertThat(report.damages()).extracting(Damage::what).containsExactly("snapshot 1");
    }
  }

  /** Flips one byte inside the chunk's stored bytes and returns the container id. */
  private String flipByteInChunk(ChunkHash hash) throws IOException {
    try (DiskTarget t = DiskTarget.open(dir)) {
      ChunkLocation loc = t.locate(hash).orElseThrow();
      Path p = containerPath(loc.containerId());
      ContainerHeader h;
      try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
        h = ContainerReader.readHeader(ch, "x");
      }
      flipAt(p, h.dataStart() + loc.offset() + 10);
      return loc.containerId();
    }
  }

  private Path containerPath(String id) {
    return dir.resolve("data").resolve(id.substring(0, 2)).resolve(id);
  }

  static void flipAt(Path p, long pos) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
      f.seek(pos);
      int b = f.read();
      f.seek(pos);
      f.write(b ^ 0x40);
    }
  }
}
