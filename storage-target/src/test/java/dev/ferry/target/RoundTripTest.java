package dev.ferry.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoundTripTest {
  @TempDir Path tmp;

  @Test
  void multiFileSnapshotWithBigAndEmptyFilesComesBackByteForByte() throws IOException {
    byte[] big = Fixtures.bytes(1, 40 << 20); // > 2 containers of 16 MiB
    byte[] small = Fixtures.bytes(2, 10_000);
    Path dir = tmp.resolve("target");
    try (DiskTarget t = DiskTarget.openOrCreate(dir)) {
      SnapshotInfo info;
      try (SnapshotWriter w = t.newSnapshot(1, "ws-1", OptionalLong.empty())) {
        Fixtures.put(w, "media/big.bin", big, 1 << 20, 0644);
        Fixtures.put(w, "docs/a.txt", small);
        Fixtures.put(w, "docs/empty", new byte[0]);
        info = w.commit();
      }
      assertThat(info.fileCount()).isEqualTo(3);
      assertThat(info.totalBytes()).isEqualTo(big.length + small.length);
    }
    try (DiskTarget t = DiskTarget.open(dir)) {
      Snapshot s = t.readSnapshot(1);
      assertThat(s.entries())
          .extracting(FileEntry::path)
          .containsExactly("docs/a.txt", "docs/empty", "media/big.bin");
      assertThat(Fixtures.read(t, s.entries().get(2))).isEqualTo(big);
      assertThat(Fixtures.read(t, s.entries().get(1))).isEmpty();
      assertThat(t.snapshots()).extracting(SnapshotInfo::host).containsExactly("ws-1");
      assertThat(t.latest()).map(SnapshotInfo::id).contains(1L);
      assertThat(containerCount(dir)).isGreaterThanOrEqualTo(3);

      Path out = tmp.resolve("out");
      RestoreResult r = t.restore(1, null, out);
      assertThat(r.failures()).isEmpty();
      assertThat(r.filesRestored()).isEqualTo(3);
      assertThat(r.bytesRestored()).isEqualTo(big.length + small.length);
      assertThat(out.resolve("media/big.bin")).hasBinaryContent(big);
      assertThat(out.resolve("docs/a.txt")).hasBinaryContent(small);
      assertThat(out.resolve("docs/empty")).isEmptyFile();
      assertThat(t.verify(true).ok()).isTrue();
    }
  }

  @Test
  void restoreGlobSelectsASubtreeByDirectoryName() throws IOException {
    try (DiskTarget t = DiskTarget.openOrCreate(tmp.resolve("target"))) {
      try (SnapshotWriter w = t.newSnapshot(1, "h", OptionalLong.empty())) {
        Fixtures.put(w, "docs/a.txt", Fixtures.bytes(1, 100));
        Fixtures.put(w, "docs/sub/b.txt", Fixtures.bytes(2, 100));
        Fixtures.put(w, "src/c.java", Fixtures.bytes(3, 100));
        w.commit();
      }
      RestoreResult byDir = t.restore(1, "docs", tmp.resolve("o1"));
      RestoreResult byStars = t.restore(1, "docs/**", tmp.resolve("o2"));
      assertThat(byDir.filesRestored()).isEqualTo(2);
      assertThat(byStars.filesRestored()).isEqualTo(2);
      assertThat(tmp.resolve("o1/src")).doesNotExist();
      assertThat(tmp.resolve("o1/docs/sub/b.txt")).exists();
    }
  }

  static long containerCount(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir.resolve("data"))) {
      return s.filter(Files::isRegularFile).count();
    }
  }
}
