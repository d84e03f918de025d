package dev.ferry.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.target.container.ContainerBuilder;
import dev.ferry.target.container.ContainerHeader;
import dev.ferry.target.container.ContainerReader;
import dev.ferry.target.disk.AtomicFiles;
import dev.ferry.target.disk.NioFs;
import dev.ferry.target.index.IndexFile;
import dev.ferry.target.snapshot.SnapshotCodec;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged or hostile bytes must end in a clean exception naming the file: no OOM, no crash. */
class StrictParsingTest {
  @TempDir Path tmp;

  /** Parses {@code b}, returning normally or throwing only a target format exception. */
  interface Parser {
    void parse(byte[] b) throws IOException;
  }

  private static void assertCleanFailures(byte[] valid, Parser parser) throws IOException {
    assertCleanFailures(valid, valid.length, parser);
  }

  /** Truncations shorter than {@code mustHave} must fail; random damage may fail, cleanly. */
  private static void assertCleanFailures(byte[] valid, int mustHave, Parser parser)
      throws IOException {
    parser.parse(valid);
    Random rnd = new Random(42);
    for (int len = 0; len < mustHave; len++) {
      byte[] cut = Arrays.copyOf(valid, len);
      assertThatThrownBy(() -> parser.parse(cut))
          .as("truncated to %d", len)
          .isInstanceOfAny(CorruptDataException.class, UnsupportedFormatException.class);
    }
    for (int i = 0; i < 2000; i++) {
      byte[] bad = valid.clone();
      int flips = 1 + rnd.nextInt(4);
      for (int f = 0; f < flips; f++) {
        bad[rnd.nextInt(bad.length)] = (byte) rnd.nextInt(256);
      }
      try {
        parser.parse(bad);
      } catch (CorruptDataException | UnsupportedFormatException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    }
  }

  private static Snapshot sampleSnapshot() {
    byte[] d = Fixtures.bytes(1, 100);
    ChunkRef ref = new ChunkRef(ChunkHash.of(d, 0, 100), 100);
    List<FileEntry> entries =
        List.of(
            new FileEntry("a", 100, 5, 0644, List.of(ref)),
            new FileEntry("b/c", 200, 6, 0755, List.of(ref, ref)));
    SnapshotInfo info =
        new SnapshotInfo(9, OptionalLong.of(8), Instant.ofEpochSecond(1, 2), "host", 2, 300);
    return new Snapshot(info, entries);
  }

  @Test
  void snapshotRootRoundTripsAndRejectsEveryTruncationAndCorruptionCleanly() throws IOException {
    Snapshot s = sampleSnapshot();
    byte[] b = SnapshotCodec.encode(s);
    assertThat(SnapshotCodec.decode(b, "s")).isEqualTo(s);
    assertThat(SnapshotCodec.decodeInfo(b, "s")).isEqualTo(s.info());
    assertCleanFailures(b, x -> SnapshotCodec.decode(x, "snapshots/s"));
    // The summary is the fixed fields, "host" and its CRC: a listing needs only that prefix.
    int summary = 8 + 4 + 8 + 1 + 8 + 8 + 4 + 2 + 4 + 4 + 8 + 4;
    assertThat(SnapshotCodec.decodeInfo(Arrays.copyOf(b, summary), "s")).isEqualTo(s.info());
    assertCleanFailures(b, summary, x -> SnapshotCodec.decodeInfo(x, "snapshots/s"));
  }

  @Test
  void indexFileRoundTripsAndRejectsEveryTruncationAndCorruptionCleanly() throws IOException {
    byte[] d = Fixtures.bytes(1, 100);
    IndexFile f =
        new IndexFile(
            3,
            Map.of(
                ChunkHash.of(d, 0, 10), new ChunkLocation("0".repeat(32), 0, 10),
                ChunkHash.of(d, 0, 20), new ChunkLocation("f".repeat(32), 10, 20)));
    byte[] b = f.encode();
    assertThat(IndexFile.decode(b, "i")).isEqualTo(f);
    assertCleanFailures(b, x -> IndexFile.decode(x, "index/3.idx"));
  }

  @Test
  void containerHeaderIsReadableInAHexDumpAndRejectsDamageCleanly() throws IOException {
    byte[] d = Fixtures.bytes(1, 300);
    ContainerBuilder cb = new ContainerBuilder("0123456789abcdef0123456789abcdef");
    cb.add(ChunkHash.of(d, 0, 100), d, 0, 100, "docs/a.txt");
    cb.add(ChunkHash.of(d, 100, 200), d, 100, 200, "docs/b.txt");
    Path p = tmp.resolve("c");
    new AtomicFiles(NioFs.INSTANCE).write(p, cb.encode());
    byte[] b = Files.readAllBytes(p);
    String ascii = new String(b, StandardCharsets.ISO_8859_1);
    assertThat(ascii)
        .startsWith("FERRYCON")
        .endsWith("FERRYEND")
        .contains("0123456789abcdef0123456789abcdef")
        .contains("docs/a.txt");
    assertThat(read(p, b)).isEqualTo(cb.header());
    assertCleanFailures(b, x -> read(p, x));
  }

  private static ContainerHeader read(Path p, byte[] content) throws IOException {
    Files.write(p, content);
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
      return ContainerReader.readHeader(ch, "data/01/x");
    }
  }
}
