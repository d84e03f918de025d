package dev.ferry.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.target.container.ContainerEntry;
import dev.ferry.target.container.ContainerFormat;
import dev.ferry.target.container.ContainerHeader;
import dev.ferry.target.container.ContainerReader;
import dev.ferry.target.disk.TargetLayout;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A disk target compresses the chunks it pays to and hands back exactly the plain bytes through
 * readFile, restore and verify; what lands on disk is checked by parsing the containers.
 */
class CompressedTargetTest {
  private static final int CHUNK = 64 << 10;

  @TempDir Path tmp;

  @Test
  void compressibleIncompressibleAndEmptyFilesRoundTrip() throws IOException {
    byte[] text = ZstdFrames.text(5 * CHUNK + 123);
    byte[] random = Fixtures.bytes(1, 3 * CHUNK);
    Path dir = tmp.resolve("t");
    FileEntry t;
    FileEntry r;
    FileEntry empty;
    try (DiskTarget target = DiskTarget.openOrCreate(dir)) {
      try (SnapshotWriter w = target.newSnapshot(1, "h", OptionalLong.empty())) {
        t = Fixtures.put(w, "text.txt", text, CHUNK, 0644);
        r = Fixtures.put(w, "random.bin", random, CHUNK, 0644);
        empty = Fixtures.put(w, "empty", new byte[0], CHUNK, 0644);
        w.commit();
      }
      assertThat(Fixtures.read(target, t)).isEqualTo(text);
      assertThat(Fixtures.read(target, r)).isEqualTo(random);
      assertThat(Fixtures.read(target, empty)).isEmpty();
      assertThat(target.verify(true).damages()).isEmpty();
      RestoreResult result = target.restore(1, null, tmp.resolve("out"));
      assertThat(result.failures()).isEmpty();
      assertThat(tmp.resolve("out/text.txt")).hasBinaryContent(text);
      assertThat(tmp.resolve("out/random.bin")).hasBinaryContent(random);
      assertThat(tmp.resolve("out/empty")).isEmptyFile();
    }
    List<ContainerEntry> rows = rows(dir);
    for (ChunkRef ref : t.chunks()) {
      ContainerEntry e = row(rows, ref.hash());
      assertThat(e.flags()).isEqualTo(ContainerFormat.FLAG_ZSTD);
      assertThat(e.plainLength()).isEqualTo(ref.length());
      assertThat(e.storedLength()).isLessThan(ref.length() == CHUNK ? CHUNK / 10 : ref.length());
    }
    for (ChunkRef ref : r.chunks()) {
      ContainerEntry e = row(rows, ref.hash());
      assertThat(e.flags()).as("incompressible chunk stored plain").isZero();
      assertThat(e.storedLength()).isEqualTo(e.plainLength()).isEqualTo(ref.length());
    }
    assertThat(containerVersions(dir)).containsOnly(2);
  }

  @Test
  void locationsAndIndexHoldStoredLengthsWhileEntriesKeepPlainLengths() throws IOException {
    byte[] text = ZstdFrames.text(CHUNK);
    ChunkHash h = ChunkHash.of(text, 0, text.length);
    try (DiskTarget target = DiskTarget.openOrCreate(tmp.resolve("t"))) {
      try (SnapshotWriter w = target.newSnapshot(1, "h", OptionalLong.empty())) {
        ChunkLocation loc = w.putChunk(h, text, 0, text.length, "a");
        assertThat(loc.length()).isLessThan(CHUNK);
        w.putFile(new FileEntry("a", CHUNK, 0, 0644, List.of(new ChunkRef(h, CHUNK))));
        w.commit();
      }
    }
    try (DiskTarget reopened = DiskTarget.open(tmp.resolve("t"))) {
      assertThat(reopened.locate(h)).get().extracting(ChunkLocation::length).isNotEqualTo(CHUNK);
      assertThat(reopened.readSnapshot(1).entries().get(0).size()).isEqualTo(CHUNK);
    }
  }

  @Test
  void childSnapshotChecksItsEntriesAgainstThePlainLengthsOfChunksStoredEarlier()
      throws IOException {
    byte[] text = ZstdFrames.text(CHUNK);
    ChunkHash h = ChunkHash.of(text, 0, text.length);
    try (DiskTarget target = DiskTarget.openOrCreate(tmp.resolve("t"))) {
      try (SnapshotWriter w = target.newSnapshot(1, "h", OptionalLong.empty())) {
        Fixtures.put(w, "a", text, CHUNK, 0644);
        w.commit();
      }
      try (SnapshotWriter w = target.newSnapshot(2, "h", OptionalLong.of(1))) {
        int stored = target.locate(h).orElseThrow().length();
        FileEntry wrong = new FileEntry("b", stored, 0, 0644, List.of(new ChunkRef(h, stored)));
        assertThatThrownBy(() -> w.putFile(wrong))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("is stored with length " + CHUNK);
        w.putFile(new FileEntry("b", CHUNK, 0, 0644, List.of(new ChunkRef(h, CHUNK))));
        w.commit();
      }
      FileEntry b = target.readSnapshot(2).entries().get(1);
      assertThat(Fixtures.read(target, b)).isEqualTo(text);
    }
  }

  @Test
  void compressionNoneStoresEveryChunkPlainInAVersion2Container() throws IOException {
    byte[] text = ZstdFrames.text(3 * CHUNK);
    Path dir = tmp.resolve("t");
    try (DiskTarget target = DiskTarget.openOrCreate(dir, Compression.NONE)) {
      try (SnapshotWriter w = target.newSnapshot(1, "h", OptionalLong.empty())) {
        FileEntry e = Fixtures.put(w, "text.txt", text, CHUNK, 0644);
        w.commit();
        assertThat(Fixtures.read(target, e)).isEqualTo(text);
      }
    }
    assertThat(rows(dir)).allMatch(e -> e.flags() == 0 && e.storedLength() == e.plainLength());
    assertThat(containerVersions(dir)).containsOnly(2);
  }

  @Test
  void everyLevelFromFastToSlowestReadsBack() throws IOException {
    byte[] text = ZstdFrames.text(2 * CHUNK);
    for (String level : new String[] {"zstd:-7", "zstd:1", "zstd:19"}) {
      Path dir = tmp.resolve(level.replace(':', '_'));
      try (DiskTarget target = DiskTarget.openOrCreate(dir, Compression.parse(level))) {
        try (SnapshotWriter w = target.newSnapshot(1, "h", OptionalLong.empty())) {
          FileEntry e = Fixtures.put(w, "t", text, CHUNK, 0644);
          w.commit();
          assertThat(Fixtures.read(target, e)).as(level).isEqualTo(text);
        }
        assertThat(target.verify(true).damages()).as(level).isEmpty();
      }
      assertThat(rows(dir)).as(level).allMatch(e -> e.flags() == ContainerFormat.FLAG_ZSTD);
    }
  }

  @Test
  void chunkOverTheCompressedCapIsStoredPlain() throws IOException {
    byte[] big = ZstdFrames.text(ContainerFormat.MAX_COMPRESSED_PLAIN + 1);
    Path dir = tmp.resolve("t");
    try (DiskTarget target = DiskTarget.openOrCreate(dir)) {
      try (SnapshotWriter w = target.newSnapshot(1, "h", OptionalLong.empty())) {
        FileEntry e = Fixtures.put(w, "big", big, big.length, 0644);
        w.commit();
        assertThat(Fixtures.read(target, e)).isEqualTo(big);
      }
    }
    assertThat(rows(dir)).singleElement().extracting(ContainerEntry::flags).isEqualTo(0);
  }

  @Test
  void damagedFrameFailsReadRestoreAndVerifyNamingContainerAndChunk() throws IOException {
    byte[] text = ZstdFrames.text(CHUNK);
    byte[] other = Fixtures.bytes(2, CHUNK + 7);
    Path dir = tmp.resolve("t");
    FileEntry e;
    try (DiskTarget target = DiskTarget.openOrCreate(dir)) {
      try (SnapshotWriter w = target.newSnapshot(1, "h", OptionalLong.empty())) {
        e = Fixtures.put(w, "docs/a.txt", text, CHUNK, 0644);
        Fixtures.put(w, "docs/b.txt", other, CHUNK, 0644);
        w.commit();
      }
    }
    ChunkHash h = e.chunks().get(0).hash();
    String container;
    try (DiskTarget target = DiskTarget.open(dir)) {
      container = target.locate(h).orElseThrow().containerId();
      damageFrame(dir, target.locate(h).orElseThrow());
    }
    try (DiskTarget target = DiskTarget.open(dir)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      assertThatThrownBy(() -> target.readFile(e, out))
          .isInstanceOf(ChunkCorruptException.class)
          .hasMessageContaining(container)
          .hasMessageContaining(h.toString());
      assertThat(out.size()).as("no byte of the damaged chunk handed out").isZero();

      RestoreResult r = target.restore(1, null, tmp.resolve("out"));
      assertThat(r.failures()).hasSize(1);
      assertThat(tmp.resolve("out/docs/a.txt")).doesNotExist();
      assertThat(tmp.resolve("out/docs/b.txt")).hasBinaryContent(other);

      VerifyReport report = target.verify(true);
      assertThat(report.damages())
          .singleElement()
          .satisfies(
              d -> {
                assertThat(d.toString()).contains("chunk " + h).contains("docs/a.txt");
                assertThat(d.toString()).doesNotContain("docs/b.txt");
              });
    }
  }

  @Test
  void pruneRepacksCompressedChunksStillCompressedAndTheKeptSnapshotRestores() throws IOException {
    byte[] kept = ZstdFrames.text(3 * CHUNK);
    byte[] dropped = Fixtures.bytes(4, 2 * CHUNK);
    Path dir = tmp.resolve("t");
    FileEntry e;
    try (DiskTarget target = DiskTarget.openOrCreate(dir)) {
      try (SnapshotWriter w = target.newSnapshot(1, "h", OptionalLong.empty())) {
        e = Fixtures.put(w, "kept.txt", kept, CHUNK, 0644);
        Fixtures.put(w, "dropped.bin", dropped, CHUNK, 0644);
        w.commit();
      }
      try (SnapshotWriter w = target.newSnapshot(2, "h", OptionalLong.empty())) {
        w.putFile(e); // its chunks stay in snapshot 1's container, with dropped.bin's
        w.commit();
      }
      target.forget(List.of(1L));
      PruneReport r = target.prune(0);
      assertThat(r.containersRepacked()).isEqualTo(1);
      assertThat(r.chunksRemoved()).isEqualTo(2);
      assertThat(Fixtures.read(target, e)).isEqualTo(kept);
      assertThat(target.verify(true).damages()).isEmpty();
    }
    List<ContainerEntry> rows = rows(dir);
    assertThat(rows).hasSize(3).allMatch(row -> row.flags() == ContainerFormat.FLAG_ZSTD);
  }

  /** Flips a byte in the middle of a chunk's frame and reseals the container's checksums. */
  private static void damageFrame(Path dir, ChunkLocation loc) throws IOException {
    Path p = new TargetLayout(dir).container(loc.containerId());
    byte[] b = Files.readAllBytes(p);
    int headerLength = ByteBuffer.wrap(b).getInt(12);
    int at = (int) (ContainerFormat.dataStart(headerLength) + loc.offset() + loc.length() / 2);
    b[at] ^= 0x5a;
    FuzzSupport.resealContainer(b);
    Files.write(p, b);
  }

  private static ContainerEntry row(List<ContainerEntry> rows, ChunkHash h) {
    return rows.stream().filter(e -> e.hash().equals(h)).findFirst().orElseThrow();
  }

  private static List<ContainerEntry> rows(Path dir) throws IOException {
    List<ContainerEntry> out = new ArrayList<>();
    for (Path p : containers(dir)) {
      try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
        ContainerHeader h = ContainerReader.readHeader(ch, p.toString());
        out.addAll(h.entries());
      }
    }
    return out;
  }

  private static List<Integer> containerVersions(Path dir) throws IOException {
    List<Integer> out = new ArrayList<>();
    for (Path p : containers(dir)) {
      out.add(ByteBuffer.wrap(Files.readAllBytes(p)).getInt(8));
    }
    return out;
  }

  private static List<Path> containers(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir.resolve("data"))) {
      return s.filter(Files::isRegularFile).toList();
    }
  }
}
