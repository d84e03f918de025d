package dev.ferry.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.target.container.ContainerBuilder;
import dev.ferry.target.container.ContainerFormat;
import dev.ferry.target.container.ContainerReader;
import dev.ferry.target.disk.AtomicFiles;
import dev.ferry.target.index.IndexFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Target content crafted by an attacker, with valid checksums where a checksum would otherwise stop
 * it: each ends in a clean error naming the file, and restore writes nothing outside its
 * destination nor through a link planted there. Complements {@link RestoreSafetyTest} ("..") and
 * {@link SymlinkRestoreTest} (links).
 */
class HostileTargetContentTest {
  @TempDir Path tmp;

  private Path dir() {
    return tmp.resolve("target");
  }

  @Test
  void rootWithAnAbsolutePathANulOrABackslashIsCorruptAndRestoresNothing() throws IOException {
    try (DiskTarget t = DiskTarget.openOrCreate(dir())) {
      for (String bad : new String[] {"/etc/passwd", "a\0b", "a\\..\\b", "a//b", "a/."}) {
        SnapshotInfo info = new SnapshotInfo(7, OptionalLong.empty(), Instant.EPOCH, "h", 1, 0);
        byte[] root = RootBytes.root(2, info, RootBytes.emptyFileEntry(bad));
        Files.write(dir().resolve("snapshots/00000000000000000007.snap"), root);
        Path out = Files.createDirectories(tmp.resolve("out"));
        assertThatThrownBy(() -> t.restore(7, null, out))
            .as(bad)
            .isInstanceOf(CorruptSnapshotException.class)
            .hasMessageContaining("snapshots/00000000000000000007.snap");
        try (Stream<Path> s = Files.list(out)) {
          assertThat(s).as(bad).isEmpty();
        }
        assertThat(t.verify(false).damages())
            .extracting(Damage::what)
            .containsExactly("snapshot 7");
      }
    }
  }

  @Test
  void containerWhosePathTableNamesAnEscapingPathIsCorrupt() throws IOException {
    byte[] d = Fixtures.bytes(1, 100);
    ContainerBuilder cb = new ContainerBuilder("0123456789abcdef0123456789abcdef");
    cb.add(ChunkHash.of(d, 0, 100), d, 0, 100, "../../etc/cron.d/x");
    Path p = tmp.resolve("c");
    AtomicFiles.write(p, cb.encode());
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
      assertThatThrownBy(() -> ContainerReader.readHeader(ch, "data/01/c"))
          .isInstanceOf(CorruptContainerException.class)
          .hasMessageContaining("data/01/c")
          .hasMessageContaining("../../etc/cron.d/x");
    }
  }

  @Test
  void headerLengthLargerThanTheFileIsRefusedBeforeAllocating() throws IOException {
    byte[] d = Fixtures.bytes(1, 100);
    ContainerBuilder cb = new ContainerBuilder("0123456789abcdef0123456789abcdef");
    cb.add(ChunkHash.of(d, 0, 100), d, 0, 100, "a");
    Path p = tmp.resolve("c");
    AtomicFiles.write(p, cb.encode());
    for (int length :
        new int[] {(int) Files.size(p), ContainerFormat.MAX_HEADER + 1, Integer.MAX_VALUE}) {
      byte[] b = Files.readAllBytes(p);
      ByteBuffer.wrap(b).putInt(12, length);
      Files.write(p, b);
      try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
        assertThatThrownBy(() -> ContainerReader.readHeader(ch, "data/01/c"))
            .isInstanceOf(CorruptContainerException.class)
            .hasMessageContaining("data/01/c")
            .hasMessageContaining("header length " + length + " out of range");
      }
    }
  }

  @Test
  void indexEntryBeyondItsContainersEndIsDamageNamingTheFileAndRestoreRefusesIt()
      throws IOException {
    FileEntry a;
    ChunkLocation loc;
    try (DiskTarget t = DiskTarget.openOrCreate(dir())) {
      try (SnapshotWriter w = t.newSnapshot(1, "h", OptionalLong.empty())) {
        a = Fixtures.put(w, "a.txt", Fixtures.bytes(1, 100));
        w.commit();
      }
      loc = t.locate(a.chunks().get(0).hash()).orElseThrow();
    }
    // A well-formed index (valid CRC) placing the chunk far past the container's end.
    ChunkLocation beyond = new ChunkLocation(loc.containerId(), 1L << 40, loc.length());
    Files.write(
        dir().resolve("index/1.idx"),
        new IndexFile(1, Map.of(a.chunks().get(0).hash(), beyond)).encode());
    try (DiskTarget t = DiskTarget.open(dir())) {
      VerifyReport r = t.verify(true);
      assertThat(r.damages())
          .singleElement()
          .satisfies(d -> assertThat(d.detail()).contains("index/1.idx"))
          .satisfies(d -> assertThat(d.affected()).containsExactly(new AffectedEntry(1, "a.txt")));
      RestoreResult restored = t.restore(1, null, tmp.resolve("out"));
      assertThat(restored.failures())
          .singleElement()
          .asString()
          .startsWith("a.txt: ")
          .contains("does not list it at the indexed place");
      assertThat(tmp.resolve("out/a.txt")).doesNotExist();
    }
  }

  @Test
  void restoredFileReplacesALinkPlantedAtItsDestinationWithoutWritingThroughIt()
      throws IOException {
    Path precious = Files.writeString(tmp.resolve("precious"), "precious");
    Path out = Files.createDirectories(tmp.resolve("out"));
    Files.createSymbolicLink(out.resolve("a.txt"), precious);
    byte[] content = Fixtures.bytes(1, 100);
    try (DiskTarget t = DiskTarget.openOrCreate(dir())) {
      try (SnapshotWriter w = t.newSnapshot(1, "h", OptionalLong.empty())) {
        Fixtures.put(w, "a.txt", content);
        w.commit();
      }
      assertThat(t.restore(1, null, out).failures()).isEmpty();
    }
    assertThat(Files.isSymbolicLink(out.resolve("a.txt"))).isFalse();
    assertThat(out.resolve("a.txt")).hasBinaryContent(content);
    assertThat(precious).hasContent("precious");
  }
}
