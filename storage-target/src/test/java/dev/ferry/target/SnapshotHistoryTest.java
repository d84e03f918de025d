package dev.ferry.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotHistoryTest {
  @TempDir Path tmp;

  @Test
  void childStartsWithParentEntriesAndRemoveFileDropsOneWhileParentStaysRestorable()
      throws IOException {
    byte[] a = Fixtures.bytes(1, 3000);
    byte[] b = Fixtures.bytes(2, 3000);
    byte[] a2 = Fixtures.bytes(3, 3000);
    try (DiskTarget t = DiskTarget.openOrCreate(tmp.resolve("t"))) {
      try (SnapshotWriter w = t.newSnapshot(1, "h", OptionalLong.empty())) {
        Fixtures.put(w, "a", a);
        Fixtures.put(w, "b", b);
        w.commit();
      }
      SnapshotInfo child;
      try (SnapshotWriter w = t.newSnapshot(2, "h", OptionalLong.of(1))) {
        Fixtures.put(w, "a", a2);
        w.removeFile("b");
        w.removeFile("never-there");
        child = w.commit();
      }
      assertThat(child.parentId()).hasValue(1);
      Snapshot s2 = t.readSnapshot(2);
      assertThat(s2.entries()).extracting(FileEntry::path).containsExactly("a");
      assertThat(Fixtures.read(t, s2.entries().get(0))).isEqualTo(a2);

      RestoreResult old = t.restore(1, null, tmp.resolve("old"));
      assertThat(old.failures()).isEmpty();
      assertThat(tmp.resolve("old/a")).hasBinaryContent(a);
      assertThat(tmp.resolve("old/b")).hasBinaryContent(b);
      assertThat(t.snapshots()).extracting(SnapshotInfo::id).containsExactly(1L, 2L);
    }
  }

  @Test
  void retriedCommitWithTheSameIdReplacesTheSnapshotAndKeepsEarlierChunksIndexed()
      throws IOException {
    byte[] a = Fixtures.bytes(1, 3000);
    byte[] b = Fixtures.bytes(2, 3000);
    try (DiskTarget t = DiskTarget.openOrCreate(tmp.resolve("t"))) {
      try (SnapshotWriter w = t.newSnapshot(5, "h", OptionalLong.empty())) {
        Fixtures.put(w, "a", a);
        w.commit();
      }
      try (SnapshotWriter w = t.newSnapshot(5, "h", OptionalLong.empty())) {
        Fixtures.put(w, "a", a); // deduplicated against the first attempt
        Fixtures.put(w, "b", b);
        w.commit();
      }
      assertThat(t.snapshots()).hasSize(1);
      assertThat(t.readSnapshot(5).entries()).extracting(FileEntry::path).containsExactly("a", "b");
    }
    // A fresh open sees only what is on disk: the first attempt's chunks must still be indexed.
    try (DiskTarget t = DiskTarget.open(tmp.resolve("t"))) {
      assertThat(t.restore(5, null, tmp.resolve("out")).failures()).isEmpty();
      assertThat(tmp.resolve("out/a")).hasBinaryContent(a);
      assertThat(t.verify(true).damages()).isEmpty();
    }
  }

  @Test
  void missingParentIsReportedAndReleasesTheLock() throws IOException {
    try (DiskTarget t = DiskTarget.openOrCreate(tmp.resolve("t"))) {
      assertThatThrownBy(() -> t.newSnapshot(2, "h", OptionalLong.of(1)))
          .isInstanceOf(SnapshotNotFoundException.class)
          .hasMessageContaining("snapshot 1");
      t.newSnapshot(2, "h", OptionalLong.empty()).close();
    }
  }

  @Test
  void putFileWithAChunkNobodyStoredIsRefused() throws IOException {
    try (DiskTarget t = DiskTarget.openOrCreate(tmp.resolve("t"));
        SnapshotWriter w = t.newSnapshot(1, "h", OptionalLong.empty())) {
      byte[] d = Fixtures.bytes(1, 10);
      FileEntry e =
          new FileEntry("x", 10, 0, 0644, List.of(new ChunkRef(ChunkHash.of(d, 0, 10), 10)));
      assertThatThrownBy(() -> w.putFile(e))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("of x is not stored");
    }
  }

  @Test
  void putChunkWithAHashThatDoesNotMatchTheBytesIsRefused() throws IOException {
    try (DiskTarget t = DiskTarget.openOrCreate(tmp.resolve("t"));
        SnapshotWriter w = t.newSnapshot(1, "h", OptionalLong.empty())) {
      byte[] d = Fixtures.bytes(1, 10);
      ChunkHash wrong = ChunkHash.of(d, 0, 9);
      assertThatThrownBy(() -> w.putChunk(wrong, d, 0, 10, "x"))
          .isInstanceOf(ChunkHashMismatchException.class)
          .hasMessageContaining(wrong.toHex());
    }
  }

  @Test
  void putHashedChunkStoresWithoutRehashingAndAWrongHashIsCaughtByRestoreAndVerify()
      throws IOException {
    Path out = tmp.resolve("out");
    try (DiskTarget t = DiskTarget.openOrCreate(tmp.resolve("t"))) {
      byte[] good = Fixtures.bytes(1, 5000);
      byte[] bad = Fixtures.bytes(2, 5000);
      ChunkHash goodHash = ChunkHash.of(good, 0, good.length);
      ChunkHash lie = ChunkHash.of(bad, 1, 4999); // not the hash of what is handed over
      try (SnapshotWriter w = t.newSnapshot(1, "h", OptionalLong.empty())) {
        w.putHashedChunk(goodHash, good, 0, good.length, "good");
        w.putHashedChunk(lie, bad, 0, bad.length, "bad");
        w.putFile(new FileEntry("good", 5000, 0, 0644, List.of(new ChunkRef(goodHash, 5000))));
        w.putFile(new FileEntry("bad", 5000, 0, 0644, List.of(new ChunkRef(lie, 5000))));
        w.commit();
      }
      RestoreResult r = t.restore(1, null, out);
      assertThat(out.resolve("good")).hasBinaryContent(good);
      assertThat(out.resolve("bad")).doesNotExist();
      assertThat(r.failures()).singleElement().asString().startsWith("bad: ").contains("hash");
      assertThat(t.verify(true).damages())
          .singleElement()
          .satisfies(d -> assertThat(d.what()).contains(lie.toHex()));
    }
  }
}
