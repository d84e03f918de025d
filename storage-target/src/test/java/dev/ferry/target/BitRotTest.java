package dev.ferry.target;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.target.container.ContainerEntry;
import dev.ferry.target.container.ContainerHeader;
import dev.ferry.target.container.ContainerReader;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Flips every byte of every container of a small target, one at a time, and checks that {@code
 * verify --read-data} reports it naming exactly the entries it breaks, and that restore fails for
 * exactly those entries, naming each, and never leaves wrong bytes: an existing good destination
 * file stays as it was, a missing one stays missing. Every byte, not a sample: the target is small
 * enough (two containers, about 700 bytes) to take seconds. Each flip restores the entries that use
 * a chunk of the flipped container (any other entry cannot meet the damage), into a folder holding
 * the good files and into an empty one.
 *
 * <p>What each flip must break is worked out here from the byte's region, independently of the
 * checker: a byte of a chunk's data breaks the entries that use that chunk; a byte of the trailer's
 * CRC32C breaks nothing (every chunk is intact and reads check each SHA-256) but is still reported;
 * any other byte (preamble, header, chunk table, header CRC, trailer length, end magic) makes the
 * whole container untrusted, breaking every entry that uses a chunk in it.
 *
 * <p>Run on an unencrypted and on an encrypted target: there a chunk's stored bytes are nonce,
 * ciphertext and tag, and the header is sealed, and the regions break exactly the same entries.
 */
class BitRotTest {
  @TempDir Path dir;
  @TempDir Path out;

  /** What restore must produce: each snapshot's files and links, by path. */
  private final Map<Long, Map<String, String>> expectedTrees = new TreeMap<>();

  /** Null for an unencrypted target. */
  private TargetCredential key;

  private dev.ferry.target.crypto.TargetKeys keys = dev.ferry.target.crypto.TargetKeys.NONE;

  @ParameterizedTest(name = "encrypted {0}")
  @ValueSource(booleans = {false, true})
  void everyFlippedContainerByteIsReportedNamingItsEntriesAndRestoreNeverWritesWrongBytes(
      boolean encrypted) throws IOException {
    if (encrypted) {
      Path keyFile = out.resolve("key");
      Files.write(keyFile, Fixtures.bytes(99, 32));
      key = TargetCredential.keyFile(keyFile);
    }
    Map<Long, Snapshot> snapshots = buildTarget();
    Path existing = out.resolve("existing");
    try (DiskTarget t = open()) {
      assertThat(t.verify(true).ok()).isTrue();
      assertThat(t.restore(2, null, existing).failures()).isEmpty();
    }
    assertThat(tree(existing)).isEqualTo(expectedTrees.get(2L));
    List<Path> containers = containers();
    assertThat(containers).hasSize(2);
    int flips = 0;
    for (Path c : containers) {
      ContainerHeader h = header(c);
      long size = Files.size(c);
      for (long pos = 0; pos < size; pos++) {
        Set<AffectedEntry> expected = expectedReach(h, pos, size, snapshots);
        Map<Long, Set<String>> users = users(h, snapshots);
        CorruptionTest.flipAt(c, pos);
        try {
          checkOneFlip(c.getFileName() + " byte " + pos, expected, users, existing);
        } finally {
          CorruptionTest.flipAt(c, pos); // flips the same bit back
        }
        flips++;
      }
    }
    assertThat(flips).isGreaterThan(encrypted ? 900 : 600);
  }

  private DiskTarget open() throws IOException {
    return key == null ? DiskTarget.open(dir) : DiskTarget.open(dir, Compression.DEFAULT, key);
  }

  private void checkOneFlip(
      String where, Set<AffectedEntry> expected, Map<Long, Set<String>> users, Path existing)
      throws IOException {
    // A fresh open per flip: the reader's header cache must not hide the damage.
    try (DiskTarget t = open()) {
      VerifyReport r = t.verify(true);
      assertThat(r.ok()).as("%s: verify --read-data finds it", where).isFalse();
      assertThat(new TreeSet<>(r.affected())).as("%s: verify names", where).isEqualTo(expected);

      Set<AffectedEntry> failed = new TreeSet<>();
      Path fresh = out.resolve("fresh");
      for (Map.Entry<Long, Set<String>> u : users.entrySet()) {
        long id = u.getKey();
        Path to = id == 2 ? existing : fresh;
        // A glob selecting exactly these paths (none holds a glob character).
        String glob = "{" + String.join(",", u.getValue()) + "}";
        for (String f : t.restore(id, glob, to).failures()) {
          String path = f.substring(0, f.indexOf(": "));
          assertThat(f).as("%s: failure names the container", where).contains("container");
          failed.add(new AffectedEntry(id, path));
        }
        Map<String, String> want = new TreeMap<>(expectedTrees.get(id));
        if (to == fresh) {
          // Nothing was there: a failed file must be missing, never present with other bytes.
          want.keySet().retainAll(u.getValue());
          failed.stream().filter(a -> a.snapshotId() == id).forEach(a -> want.remove(a.path()));
        }
        assertThat(tree(to)).as("%s: snapshot %d restored", where, id).isEqualTo(want);
      }
      assertThat(failed).as("%s: restore fails for", where).isEqualTo(expected);
      deleteTree(fresh);
    }
  }

  /** Per snapshot, the paths of the entries that use a chunk of the container {@code h}. */
  private static Map<Long, Set<String>> users(ContainerHeader h, Map<Long, Snapshot> snapshots) {
    Map<Long, Set<String>> out = new TreeMap<>();
    // A position in no chunk and not in the trailer CRC: the whole container's reach.
    for (AffectedEntry a : expectedReach(h, 0, Long.MAX_VALUE, snapshots)) {
      out.computeIfAbsent(a.snapshotId(), k -> new TreeSet<>()).add(a.path());
    }
    return out;
  }

  /** The entries a flip at {@code pos} must break, from the region of the container it hits. */
  private static Set<AffectedEntry> expectedReach(
      ContainerHeader h, long pos, long size, Map<Long, Snapshot> snapshots) {
    Set<ChunkHash> broken = new HashSet<>();
    long trailerCrc = size - 12;
    if (pos >= trailerCrc && pos < trailerCrc + 4) {
      return new TreeSet<>();
    }
    boolean inData = false;
    for (ContainerEntry e : h.entries()) {
      long start = h.dataStart() + e.offset();
      if (pos >= start && pos < start + e.storedLength()) {
        broken.add(e.hash());
        inData = true;
      }
    }
    if (!inData) {
      h.entries().forEach(e -> broken.add(e.hash()));
    }
    Set<AffectedEntry> out = new TreeSet<>();
    snapshots.forEach(
        (id, s) -> {
          for (FileEntry f : s.entries()) {
            if (f.chunks().stream().anyMatch(ref -> broken.contains(ref.hash()))) {
              out.add(new AffectedEntry(id, f.path()));
            }
          }
        });
    return out;
  }

  /**
   * Two snapshots, one container each: snapshot 2 keeps some of 1's files, changes one, adds a file
   * sharing a chunk with an old one (so a flip there reaches into both snapshots), and a link.
   */
  private Map<Long, Snapshot> buildTarget() throws IOException {
    byte[] a = Fixtures.bytes(1, 128);
    byte[] c = new byte[94];
    System.arraycopy(a, 0, c, 0, 64);
    System.arraycopy(Fixtures.bytes(3, 30), 0, c, 64, 30);
    Map<Long, Snapshot> out = new TreeMap<>();
    try (DiskTarget t =
        key == null
            ? DiskTarget.openOrCreate(dir)
            : DiskTarget.openOrCreate(dir, Compression.DEFAULT, key)) {
      keys = t.keys();
      try (SnapshotWriter w = t.newSnapshot(1, "h", OptionalLong.empty())) {
        Fixtures.put(w, "docs/a.txt", a, 64, 0644);
        Fixtures.put(w, "docs/b.txt", Fixtures.bytes(2, 40), 64, 0644);
        w.commit();
      }
      try (SnapshotWriter w = t.newSnapshot(2, "h", OptionalLong.of(1))) {
        Fixtures.put(w, "docs/b.txt", Fixtures.bytes(5, 40), 64, 0644);
        Fixtures.put(w, "c.txt", c, 64, 0644);
        w.putFile(FileEntry.symlink("link", "docs/a.txt", Fixtures.MTIME));
        w.commit();
      }
      for (long id = 1; id <= 2; id++) {
        Snapshot s = t.readSnapshot(id);
        out.put(id, s);
        Map<String, String> want = new TreeMap<>();
        for (FileEntry e : s.entries()) {
          want.put(e.path(), e.isSymlink() ? "-> " + e.linkTarget() : hex(Fixtures.read(t, e)));
        }
        expectedTrees.put(id, want);
      }
    }
    return out;
  }

  private List<Path> containers() throws IOException {
    try (Stream<Path> s = Files.walk(dir.resolve("data"))) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }

  private ContainerHeader header(Path c) throws IOException {
    try (FileChannel ch = FileChannel.open(c, StandardOpenOption.READ)) {
      return ContainerReader.readHeader(ch, c.toString(), keys);
    }
  }

  /** Every file (as hex) and link (as its text) under {@code root}; nothing else may be there. */
  private static Map<String, String> tree(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    if (!Files.exists(root)) {
      return out;
    }
    List<Path> all;
    try (Stream<Path> s = Files.walk(root)) {
      all = new ArrayList<>(s.toList());
    }
    for (Path p : all) {
      String rel = root.relativize(p).toString();
      if (Files.isSymbolicLink(p)) {
        out.put(rel, "-> " + Files.readSymbolicLink(p));
      } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
        out.put(rel, hex(Files.readAllBytes(p)));
      }
    }
    return out;
  }

  private static String hex(byte[] b) {
    return java.util.HexFormat.of().formatHex(b);
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    List<Path> all;
    try (Stream<Path> s = Files.walk(root)) {
      all = new ArrayList<>(s.sorted(java.util.Comparator.reverseOrder()).toList());
    }
    for (Path p : all) {
      Files.delete(p);
    }
  }
}
