package dev.ferry.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.target.snapshot.SegmentRef;
import dev.ferry.target.snapshot.SnapshotCodec;
import dev.ferry.target.snapshot.SnapshotRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Version 3 roots keep their entries in shared segment files: a child snapshot rewrites only the
 * segments holding what changed, and everything reads back exactly as a whole list would.
 */
class SegmentedSnapshotTest {
  private static final int FILES = 10_000;

  @TempDir Path dir;

  @Test
  void aChildRewritesOnlyTheSegmentsHoldingWhatChanged() throws IOException {
    try (DiskTarget t = DiskTarget.openOrCreate(dir)) {
      firstSnapshot(t, FILES);
      Set<String> before = segmentFiles();
      SnapshotRoot parent = root(1);
      assertThat(parent.version()).isEqualTo(3);
      assertThat(parent.segments()).hasSizeBetween(FILES / 4096, FILES / 1024 + 1);
      assertThat(before).hasSize(parent.segments().size());
      try (SnapshotWriter w = t.newSnapshot(2, "h", OptionalLong.of(1))) {
        put(w, path(4321), "changed");
        w.commit();
      }
      SnapshotRoot child = root(2);
      Set<ChunkHash> shared = hashes(parent);
      shared.retainAll(hashes(child));
      assertThat(shared).hasSize(parent.segments().size() - 1);
      assertThat(segmentFiles()).hasSize(before.size() + 1);
      assertThat(t.readSnapshot(2).entries()).hasSize(FILES);
      assertThat(t.verify(true).ok()).isTrue();
    }
  }

  @Test
  void randomEditsOverManySnapshotsReadBackExactlyAsAModelOfThem() throws IOException {
    Random rnd = new Random(20261202);
    TreeMap<String, String> model = new TreeMap<>(PathOrder.COMPARATOR);
    try (DiskTarget t = DiskTarget.openOrCreate(dir)) {
      for (long id = 1; id <= 8; id++) {
        try (SnapshotWriter w =
            t.newSnapshot(id, "h", id == 1 ? OptionalLong.empty() : OptionalLong.of(id - 1))) {
          edit(w, model, rnd, id);
          w.commit();
        }
        List<FileEntry> entries = t.readSnapshot(id).entries();
        assertThat(entries.stream().map(FileEntry::path).toList())
            .containsExactlyElementsOf(model.keySet());
        for (FileEntry e : entries) {
          assertThat(new String(Fixtures.read(t, e), StandardCharsets.UTF_8))
              .isEqualTo(model.get(e.path()));
        }
        for (SegmentRef ref : root(id).segments()) {
          // Split at twice the target, merged under an eighth (the last one may stay small).
          assertThat(ref.entryCount()).isLessThan(4096);
        }
      }
      assertThat(t.verify(true).ok()).isTrue();
    }
  }

  /** Inserts, changes, single deletes and whole-range deletes (which make segments shrink). */
  private static void edit(SnapshotWriter w, TreeMap<String, String> model, Random rnd, long id)
      throws IOException {
    int inserts = id == 1 ? 9_000 : rnd.nextInt(3_000);
    for (int i = 0; i < inserts; i++) {
      String p = path(rnd.nextInt(40_000));
      model.put(p, "v" + id + " " + p);
      put(w, p, model.get(p));
    }
    for (int i = 0; i < 200 && !model.isEmpty(); i++) {
      String p = model.ceilingKey(path(rnd.nextInt(40_000)));
      if (p != null) {
        model.remove(p);
        w.removeFile(p);
      }
    }
    if (id % 3 == 0) {
      String from = path(rnd.nextInt(40_000));
      List<String> range = new ArrayList<>(model.tailMap(from).keySet());
      for (String p : range.subList(0, Math.min(range.size(), 2_500))) {
        model.remove(p);
        w.removeFile(p);
      }
    }
  }

  @Test
  void diffReadsOnlyTheSegmentsTheTwoSnapshotsDoNotShare() throws IOException {
    try (DiskTarget t = DiskTarget.openOrCreate(dir)) {
      firstSnapshot(t, FILES);
      try (SnapshotWriter w = t.newSnapshot(2, "h", OptionalLong.of(1))) {
        put(w, path(9_000), "changed");
        w.removeFile(path(10));
        w.commit();
      }
      // A shared segment gone: a whole read fails, a diff never needs it.
      Set<ChunkHash> shared = hashes(root(1));
      shared.retainAll(hashes(root(2)));
      ChunkHash one = shared.iterator().next();
      Files.delete(dir.resolve("segments").resolve(one.toHex() + ".seg"));
      assertThatThrownBy(() -> t.readSnapshot(2)).isInstanceOf(CorruptSnapshotException.class);
      List<String> lines = new ArrayList<>();
      DiffSummary d = t.diff(1, 2, c -> lines.add(c.change() + " " + c.path()));
      assertThat(lines).containsExactly("REMOVED " + path(10), "MODIFIED " + path(9_000));
      assertThat(d.total()).isEqualTo(2);
    }
  }

  @Test
  void aFlippedByteInASegmentFailsReadingAndVerifyNamesTheSegmentAndEverySnapshotUsingIt()
      throws IOException {
    try (DiskTarget t = DiskTarget.openOrCreate(dir)) {
      firstSnapshot(t, FILES);
      try (SnapshotWriter w = t.newSnapshot(2, "h", OptionalLong.of(1))) {
        put(w, path(0), "changed");
        w.commit();
      }
    }
    SegmentRef shared = root(1).segments().get(1);
    Path seg = dir.resolve("segments").resolve(shared.hash().toHex() + ".seg");
    byte[] b = Files.readAllBytes(seg);
    b[b.length / 2] ^= 0x10;
    Files.write(seg, b);
    try (DiskTarget t = DiskTarget.open(dir)) {
      assertThatThrownBy(() -> t.readSnapshot(2))
          .isInstanceOf(CorruptSnapshotException.class)
          .hasMessageContaining("segments/" + shared.hash().toHex() + ".seg")
          .hasMessageContaining("does not match its name");
      assertThatThrownBy(() -> t.restore(1, null, dir.resolve("out")))
          .isInstanceOf(CorruptSnapshotException.class);
      VerifyReport r = t.verify(false);
      assertThat(r.ok()).isFalse();
      Damage d = r.damages().get(0);
      assertThat(d.what()).isEqualTo("segment " + shared.hash());
      assertThat(d.affected())
          .containsExactlyInAnyOrder(
              AffectedEntry.wholeSnapshot(1), AffectedEntry.wholeSnapshot(2));
    }
  }

  @Test
  void aSegmentGoneSinceTheParentFailsTheChildsCommitAndWritesNoRoot() throws IOException {
    try (DiskTarget t = DiskTarget.openOrCreate(dir)) {
      firstSnapshot(t, FILES);
      SegmentRef last = root(1).segments().get(root(1).segments().size() - 1);
      Files.delete(dir.resolve("segments").resolve(last.hash().toHex() + ".seg"));
      try (SnapshotWriter w = t.newSnapshot(2, "h", OptionalLong.of(1))) {
        put(w, path(0), "changed");
        assertThatThrownBy(w::commit)
            .isInstanceOf(CorruptSnapshotException.class)
            .hasMessageContaining("is missing");
      }
      assertThat(t.snapshots()).extracting(SnapshotInfo::id).containsExactly(1L);
    }
  }

  @Test
  void aChildOfAnInlineRootIsWrittenSegmentedWithTheSameEntries() throws IOException {
    try (DiskTarget t = DiskTarget.openOrCreate(dir)) {
      firstSnapshot(t, 300);
    }
    // Rewrite root 1 in the inline version 2 form older targets hold.
    Path rootFile = dir.resolve("snapshots/00000000000000000001.snap");
    Snapshot old;
    try (DiskTarget t = DiskTarget.open(dir)) {
      old = t.readSnapshot(1);
    }
    Files.write(rootFile, SnapshotCodec.encode(old));
    try (DiskTarget t = DiskTarget.open(dir)) {
      assertThat(t.readSnapshot(1)).isEqualTo(old);
      try (SnapshotWriter w = t.newSnapshot(2, "h", OptionalLong.of(1))) {
        w.commit();
      }
      assertThat(root(2).version()).isEqualTo(3);
      assertThat(t.readSnapshot(2).entries()).isEqualTo(old.entries());
    }
  }

  @Test
  void pruneDeletesTheSegmentsOfForgottenSnapshotsAndKeepsSharedOnes() throws IOException {
    try (DiskTarget t = DiskTarget.openOrCreate(dir)) {
      firstSnapshot(t, FILES);
      for (long id = 2; id <= 3; id++) {
        try (SnapshotWriter w = t.newSnapshot(id, "h", OptionalLong.of(id - 1))) {
          put(w, path(7), "v" + id);
          w.commit();
        }
      }
      Set<String> only2 = new HashSet<>(names(root(2)));
      only2.removeAll(names(root(3)));
      only2.removeAll(names(root(1)));
      assertThat(only2).hasSize(1);
      t.forget(List.of(2L));
      PruneReport r = t.prune(5);
      assertThat(r.segmentsDeleted()).isEqualTo(1);
      Set<String> live = new HashSet<>(names(root(1)));
      live.addAll(names(root(3)));
      assertThat(segmentFiles()).isEqualTo(live);
      assertThat(t.verify(true).ok()).isTrue();
    }
  }

  @Test
  void pruneWithAnUnreadableRootRefusesAndDeletesNoSegment() throws IOException {
    try (DiskTarget t = DiskTarget.openOrCreate(dir)) {
      firstSnapshot(t, 3_000);
      try (SnapshotWriter w = t.newSnapshot(2, "h", OptionalLong.of(1))) {
        put(w, path(1), "v2");
        w.commit();
      }
      // An orphan, as a writer that crashed before its root leaves it.
      Path orphan = dir.resolve("segments").resolve("ab".repeat(32) + ".seg");
      Files.write(orphan, new byte[] {1, 2, 3});
      Set<String> before = segmentFiles();
      Files.write(dir.resolve("snapshots/00000000000000000001.snap"), new byte[] {9});
      assertThatThrownBy(() -> t.prune(5)).isInstanceOf(PruneRefusedException.class);
      assertThat(segmentFiles()).isEqualTo(before);
    }
  }

  private static void firstSnapshot(DiskTarget t, int files) throws IOException {
    try (SnapshotWriter w = t.newSnapshot(1, "h", OptionalLong.empty())) {
      for (int i = 0; i < files; i++) {
        put(w, path(i), "c" + i);
      }
      w.commit();
    }
  }

  private static String path(int i) {
    return String.format("home/d%03d/f%05d.txt", i / 100, i);
  }

  private static void put(SnapshotWriter w, String path, String content) throws IOException {
    Fixtures.put(w, path, content.getBytes(StandardCharsets.UTF_8));
  }

  private SnapshotRoot root(long id) throws IOException {
    Path p = dir.resolve(String.format("snapshots/%020d.snap", id));
    return SnapshotCodec.decodeRoot(Files.readAllBytes(p), p.toString());
  }

  private static Set<ChunkHash> hashes(SnapshotRoot r) {
    Set<ChunkHash> s = new HashSet<>();
    r.segments().forEach(ref -> s.add(ref.hash()));
    return s;
  }

  private static List<String> names(SnapshotRoot r) {
    return r.segments().stream().map(ref -> ref.hash().toHex() + ".seg").toList();
  }

  private Set<String> segmentFiles() throws IOException {
    try (Stream<Path> s = Files.list(dir.resolve("segments"))) {
      return new HashSet<>(s.map(p -> p.getFileName().toString()).toList());
    }
  }
}
