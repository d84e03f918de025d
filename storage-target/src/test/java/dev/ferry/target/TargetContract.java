package dev.ferry.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link Target} contract, run against every implementation: each subclass says how to make a
 * fresh target. Everything here goes through the interface only.
 */
abstract class TargetContract {
  protected Target t;

  /** A new, empty target. */
  protected abstract Target create() throws IOException;

  @BeforeEach
  void open() throws IOException {
    t = create();
  }

  @AfterEach
  void closeTarget() {
    t.close();
  }

  @Test
  void aCommittedSnapshotReadsBackEntryForEntryAndByteForByte() throws IOException {
    byte[] big = Fixtures.bytes(7, 50_000);
    try (SnapshotWriter w = t.newSnapshot(1, "h", OptionalLong.empty())) {
      Fixtures.put(w, "docs/big.bin", big, 4096, 0600);
      put(w, "docs/a.txt", "alpha");
      w.putFile(FileEntry.symlink("docs/link", "a.txt", 5));
      SnapshotInfo info = w.commit();
      assertThat(info.fileCount()).isEqualTo(3);
      assertThat(info.totalBytes()).isEqualTo(big.length + 5);
    }
    Snapshot s = t.readSnapshot(1);
    assertThat(s.entries())
        .extracting(FileEntry::path)
        .containsExactly("docs/a.txt", "docs/big.bin", "docs/link");
    assertThat(read(s.entries().get(1))).isEqualTo(big);
    assertThat(new String(read(s.entries().get(0)), StandardCharsets.UTF_8)).isEqualTo("alpha");
    assertThat(s.entries().get(2).linkTarget()).isEqualTo("a.txt");
    assertThat(t.snapshots()).containsExactly(s.info());
    assertThat(t.latest()).contains(s.info());
  }

  @Test
  void aSnapshotIsInvisibleUntilItsCommitReturns() throws IOException {
    try (SnapshotWriter w = t.newSnapshot(1, "h", OptionalLong.empty())) {
      put(w, "a", "alpha");
      assertThat(t.snapshots()).isEmpty();
      assertThatThrownBy(() -> t.readSnapshot(1)).isInstanceOf(SnapshotNotFoundException.class);
      w.commit();
    }
    assertThat(t.snapshots()).extracting(SnapshotInfo::id).containsExactly(1L);
  }

  @Test
  void aWriterClosedWithoutCommitLeavesNoTrace() throws IOException {
    commit(1, OptionalLong.empty(), "a", "kept");
    try (SnapshotWriter w = t.newSnapshot(2, "h", OptionalLong.of(1))) {
      put(w, "b", "abandoned");
    }
    assertThat(t.snapshots()).extracting(SnapshotInfo::id).containsExactly(1L);
    assertThat(t.hasChunk(hash("abandoned"))).isFalse();
    assertThat(t.hasChunk(hash("kept"))).isTrue();
  }

  @Test
  void oneWriterAtATimeAndForgetWaitsForNone() throws IOException {
    commit(1, OptionalLong.empty(), "a", "one");
    commit(2, OptionalLong.of(1), "a", "two");
    try (SnapshotWriter w = t.newSnapshot(3, "h", OptionalLong.of(2))) {
      assertThatThrownBy(() -> t.newSnapshot(4, "h", OptionalLong.empty()))
          .isInstanceOf(TargetLockedException.class);
      assertThatThrownBy(() -> t.forget(List.of(1L))).isInstanceOf(TargetLockedException.class);
      w.commit();
    }
    try (SnapshotWriter w = t.newSnapshot(4, "h", OptionalLong.of(3))) {
      w.commit();
    }
  }

  @Test
  void aChildStartsAsItsParentAndPutReplacesWhateverTheKind() throws IOException {
    try (SnapshotWriter w = t.newSnapshot(1, "h", OptionalLong.empty())) {
      put(w, "a", "alpha");
      put(w, "b", "beta");
      put(w, "c", "gamma");
      w.commit();
    }
    try (SnapshotWriter w = t.newSnapshot(2, "h", OptionalLong.of(1))) {
      w.removeFile("b");
      w.removeFile("never-there");
      w.putFile(FileEntry.symlink("c", "a", 9));
      put(w, "d", "delta");
      w.commit();
    }
    Snapshot child = t.readSnapshot(2);
    assertThat(child.info().parentId()).hasValue(1);
    assertThat(child.entries()).extracting(FileEntry::path).containsExactly("a", "c", "d");
    assertThat(child.entries().get(1).isSymlink()).isTrue();
    assertThat(t.readSnapshot(1).entries())
        .extracting(FileEntry::path)
        .containsExactly("a", "b", "c");
  }

  @Test
  void committingAnIdThatExistsReplacesThatSnapshot() throws IOException {
    commit(1, OptionalLong.empty(), "a", "first try");
    commit(1, OptionalLong.empty(), "b", "second try");
    assertThat(t.snapshots()).hasSize(1);
    assertThat(t.readSnapshot(1).entries()).extracting(FileEntry::path).containsExactly("b");
  }

  @Test
  void aChunkIsStoredOnceAndAWriterGetsOneLocationForIt() throws IOException {
    try (SnapshotWriter w = t.newSnapshot(1, "h", OptionalLong.empty())) {
      byte[] b = "same".getBytes(StandardCharsets.UTF_8);
      ChunkLocation first = w.putChunk(hash("same"), b, 0, b.length, "a");
      ChunkLocation again = w.putChunk(hash("same"), b.clone(), 0, b.length, "b");
      assertThat(again).isEqualTo(first);
      w.putFile(new FileEntry("a", 4, 0, 0644, List.of(new ChunkRef(hash("same"), 4))));
      w.putFile(new FileEntry("b", 4, 0, 0644, List.of(new ChunkRef(hash("same"), 4))));
      w.commit();
    }
    assertThat(t.hasChunk(hash("same"))).isTrue();
    try (SnapshotWriter w = t.newSnapshot(2, "h", OptionalLong.of(1))) {
      // Known to the target already: no bytes needed to reference it.
      w.putFile(new FileEntry("c", 4, 0, 0644, List.of(new ChunkRef(hash("same"), 4))));
      w.commit();
    }
    assertThat(read(t.readSnapshot(2).entries().get(2))).isEqualTo("same".getBytes());
  }

  @Test
  void bytesThatDoNotHashToTheClaimAndFilesNamingUnstoredChunksAreRefused() throws IOException {
    try (SnapshotWriter w = t.newSnapshot(1, "h", OptionalLong.empty())) {
      byte[] b = "real".getBytes(StandardCharsets.UTF_8);
      assertThatThrownBy(() -> w.putChunk(hash("claimed"), b, 0, b.length, "a"))
          .isInstanceOf(ChunkHashMismatchException.class)
          .hasMessageContaining("a");
      assertThatThrownBy(() -> w.putChunk(hash("real"), b, 0, b.length, "../escape"))
          .isInstanceOf(InvalidEntryPathException.class);
      assertThatThrownBy(
              () ->
                  w.putFile(
                      new FileEntry("a", 4, 0, 0644, List.of(new ChunkRef(hash("never"), 4)))))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("not stored");
      w.putChunk(hash("real"), b, 0, b.length, "a");
      assertThatThrownBy(
              () ->
                  w.putFile(new FileEntry("a", 5, 0, 0644, List.of(new ChunkRef(hash("real"), 5)))))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("length");
    }
  }

  @Test
  void forgetRemovesAllOrNoneAndNeverAHostsNewest() throws IOException {
    commit(1, OptionalLong.empty(), "a", "one");
    commit(2, OptionalLong.of(1), "a", "two");
    commit(3, OptionalLong.of(2), "a", "three");
    assertThatThrownBy(() -> t.forget(List.of(1L, 3L))).isInstanceOf(NewestSnapshotException.class);
    assertThatThrownBy(() -> t.forget(List.of(1L, 99L)))
        .isInstanceOf(SnapshotNotFoundException.class);
    assertThat(t.snapshots()).hasSize(3);
    assertThat(t.forget(List.of(2L, 1L))).extracting(SnapshotInfo::id).containsExactly(1L, 2L);
    assertThat(t.snapshots()).extracting(SnapshotInfo::id).containsExactly(3L);
    assertThat(new String(read(t.readSnapshot(3).entries().get(0)), StandardCharsets.UTF_8))
        .isEqualTo("three");
  }

  @Test
  void aMissingParentOrABadIdOrHostIsRefusedBeforeAnythingStarts() throws IOException {
    assertThatThrownBy(() -> t.newSnapshot(2, "h", OptionalLong.of(1)))
        .isInstanceOf(SnapshotNotFoundException.class);
    assertThatThrownBy(() -> t.newSnapshot(-1, "h", OptionalLong.empty()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> t.newSnapshot(1, "h\0", OptionalLong.empty()))
        .isInstanceOf(IllegalArgumentException.class);
    // None of those left a writer open.
    commit(1, OptionalLong.empty(), "a", "ok");
  }

  protected void commit(long id, OptionalLong parent, String path, String text) throws IOException {
    try (SnapshotWriter w = t.newSnapshot(id, "h", parent)) {
      put(w, path, text);
      w.commit();
    }
  }

  protected static void put(SnapshotWriter w, String path, String text) throws IOException {
    Fixtures.put(w, path, text.getBytes(StandardCharsets.UTF_8));
  }

  protected byte[] read(FileEntry e) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    t.readFile(e, out);
    return out.toByteArray();
  }

  protected static ChunkHash hash(String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    return ChunkHash.of(b, 0, b.length);
  }
}
