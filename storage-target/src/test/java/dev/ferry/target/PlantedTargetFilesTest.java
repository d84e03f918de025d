package dev.ferry.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.target.index.IndexFile;
import dev.ferry.target.snapshot.SnapshotCodec;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files read whole (index files, snapshot roots, {@code ferry-target}) planted as a link to an
 * endless device, a FIFO or a huge sparse file: refused before reading with an error naming the
 * file, never a hang or an OutOfMemoryError. The timeout is what fails a test that reads one.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PlantedTargetFilesTest {
  @TempDir Path dir;
  private final Path zero = Path.of("/dev/zero");

  @BeforeEach
  void oneSnapshot() throws IOException {
    try (DiskTarget t = DiskTarget.openOrCreate(dir)) {
      try (SnapshotWriter w = t.newSnapshot(1, "h", OptionalLong.empty())) {
        Fixtures.put(w, "a.txt", Fixtures.bytes(1, 100));
        w.commit();
      }
    }
  }

  @Test
  void snapshotRootLinkedToDevZeroIsRefusedUnreadByReadListAndVerify() throws IOException {
    Path root = dir.resolve("snapshots/00000000000000000002.snap");
    Files.createSymbolicLink(root, zero);
    try (DiskTarget t = DiskTarget.open(dir)) {
      assertThatThrownBy(() -> t.readSnapshot(2))
          .isInstanceOf(CorruptSnapshotException.class)
          .hasMessageContaining("snapshots/00000000000000000002.snap")
          .hasMessageContaining("symbolic link");
      assertThat(t.snapshots()).extracting(SnapshotInfo::id).containsExactly(1L);
      VerifyReport r = t.verify(true);
      assertThat(r.damages())
          .singleElement()
          .satisfies(d -> assertThat(d.what()).isEqualTo("snapshot 2"))
          .satisfies(d -> assertThat(d.detail()).contains("symbolic link"))
          .satisfies(d -> assertThat(d.affected()).containsExactly(AffectedEntry.wholeSnapshot(2)));
    }
  }

  @Test
  void hugeSparseSnapshotRootIsRefusedBeforeReading() throws IOException {
    Path root = dir.resolve("snapshots/00000000000000000002.snap");
    sparse(root, SnapshotCodec.MAX_BYTES + 1L);
    try (DiskTarget t = DiskTarget.open(dir)) {
      assertThatThrownBy(() -> t.readSnapshot(2))
          .isInstanceOf(CorruptSnapshotException.class)
          .hasMessageContaining("snapshots/00000000000000000002.snap")
          .hasMessageContaining("over the cap of " + SnapshotCodec.MAX_BYTES);
      assertThat(t.verify(false).damages()).extracting(Damage::what).containsExactly("snapshot 2");
    }
  }

  @Test
  void snapshotRootThatIsAFifoIsRefusedWithoutOpeningIt() throws Exception {
    Path root = dir.resolve("snapshots/00000000000000000002.snap");
    mkfifo(root);
    try (DiskTarget t = DiskTarget.open(dir)) {
      assertThatThrownBy(() -> t.readSnapshot(2))
          .isInstanceOf(CorruptSnapshotException.class)
          .hasMessageContaining("not a regular file");
      assertThat(t.verify(false).damages()).extracting(Damage::what).containsExactly("snapshot 2");
    }
  }

  @Test
  void indexFileLinkedToDevZeroIsReportedAndKeepsRecoveryFromDeletingContainers()
      throws IOException {
    Files.createSymbolicLink(dir.resolve("index/2.idx"), zero);
    try (DiskTarget t = DiskTarget.open(dir)) {
      VerifyReport r = t.verify(true);
      assertThat(r.damages())
          .singleElement()
          .satisfies(d -> assertThat(d.what()).isEqualTo("index index/2.idx"))
          .satisfies(d -> assertThat(d.detail()).contains("index/2.idx").contains("symbolic link"));
      assertThat(Fixtures.read(t, t.readSnapshot(1).entries().get(0)))
          .isEqualTo(Fixtures.bytes(1, 100));
    }
  }

  @Test
  void hugeSparseIndexFileIsRefusedBeforeReading() throws IOException {
    sparse(dir.resolve("index/2.idx"), IndexFile.MAX_BYTES + 1L);
    try (DiskTarget t = DiskTarget.open(dir)) {
      assertThat(t.verify(false).damages())
          .singleElement()
          .satisfies(
              d -> assertThat(d.detail()).contains("over the cap of " + IndexFile.MAX_BYTES));
      // A retried commit of snapshot 2 must not replace the index it cannot read.
      try (SnapshotWriter w = t.newSnapshot(2, "h", OptionalLong.empty())) {
        assertThatThrownBy(w::commit)
            .isInstanceOf(CorruptIndexException.class)
            .hasMessageContaining("index/2.idx");
      }
    }
  }

  @Test
  void containerThatIsAFifoOrALinkIsReportedByVerifyWithoutBlocking() throws Exception {
    Path fifo = dir.resolve("data/ab/ab" + "0".repeat(30));
    Files.createDirectories(fifo.getParent());
    mkfifo(fifo);
    Path link = dir.resolve("data/ab/ab" + "1".repeat(30));
    Files.createSymbolicLink(link, zero);
    try (DiskTarget t = DiskTarget.open(dir)) {
      VerifyReport r = t.verify(true);
      assertThat(r.damages())
          .extracting(Damage::what, Damage::detail)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(
                  "container ab" + "0".repeat(30),
                  "data/ab/ab" + "0".repeat(30) + " is not a regular file"),
              org.assertj.core.groups.Tuple.tuple(
                  "container ab" + "1".repeat(30),
                  "data/ab/ab" + "1".repeat(30) + " is not a regular file"));
    }
  }

  @Test
  void targetFileThatIsALinkOrTooLongMakesTheDirectoryNoTarget() throws IOException {
    Path marker = dir.resolve("ferry-target");
    byte[] good = Files.readAllBytes(marker);
    Files.delete(marker);
    Files.createSymbolicLink(marker, zero);
    assertThatThrownBy(() -> DiskTarget.open(dir))
        .isInstanceOf(NotATargetException.class)
        .hasMessageContaining("ferry-target")
        .hasMessageContaining("symbolic link");
    Files.delete(marker);
    sparse(marker, 1L << 40);
    assertThatThrownBy(() -> DiskTarget.open(dir))
        .isInstanceOf(NotATargetException.class)
        .hasMessageContaining(
            "over the cap of " + dev.ferry.target.disk.TargetFile.ENCRYPTED_LENGTH);
    Files.write(marker, good);
    try (DiskTarget t = DiskTarget.open(dir)) {
      assertThat(t.verify(true).ok()).isTrue();
    }
  }

  /** Removes planted links first, so the temp dir cleanup never meets a link leading out. */
  @AfterEach
  void removeLinks() throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.filter(Files::isSymbolicLink).toList()) {
        Files.delete(p);
      }
    }
  }

  private static void sparse(Path p, long length) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
      f.setLength(length);
    }
  }

  private static void mkfifo(Path p) throws Exception {
    Process mk = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
    assertThat(mk.waitFor()).isZero();
  }
}
