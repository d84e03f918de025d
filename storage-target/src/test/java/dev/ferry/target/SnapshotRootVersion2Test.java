package dev.ferry.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.target.snapshot.SnapshotCodec;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Snapshot roots at format version 2: link entries byte for byte, version 1 still read. */
class SnapshotRootVersion2Test {
  /** 4095 bytes each: the longest text a Linux link holds. */
  static final String LONGEST_ASCII = "x/".repeat(2047) + "y";

  static final String LONGEST_TWO_BYTE = "\u00e9".repeat(2047) + "z";

  /** Link texts of every shape a Linux link can hold; keys are entry paths, in path order. */
  static Map<String, String> linkShapes() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("l/absolute", "/etc/passwd");
    m.put("l/dangling", "does/not/exist");
    m.put("l/dots-and-slashes", "a//b/./c/../d");
    m.put("l/long-ascii", LONGEST_ASCII);
    m.put("l/long-two-byte", LONGEST_TWO_BYTE);
    m.put("l/odd-bytes", " -rf \n\t*?[]'\"$HOME\u007f");
    m.put("l/outside", "../../../../../../outside/the/tree");
    m.put("l/relative", "../lib/libfoo.so.1");
    m.put("l/root", "/");
    m.put("l/self", "self");
    m.put("l/trailing-slash", "some/dir/");
    m.put("l/unicode", "caf\u00e9/\uD83D\uDE00/\u00fcber");
    return m;
  }

  static Snapshot snapshot(List<FileEntry> entries) {
    long total = entries.stream().mapToLong(FileEntry::size).sum();
    SnapshotInfo info =
        new SnapshotInfo(
            7,
            OptionalLong.of(6),
            Instant.ofEpochSecond(1_700_000_000, 5),
            "h",
            entries.size(),
            total);
    return new Snapshot(info, entries);
  }

  static SnapshotInfo info(int count, long total) {
    return new SnapshotInfo(7, OptionalLong.empty(), Instant.EPOCH, "h", count, total);
  }

  static int version(byte[] root) {
    return ByteBuffer.wrap(root).getInt(8);
  }

  @Test
  void linkTextsOfEveryShapeRoundTripByteForByteBesideRegularFiles() throws IOException {
    byte[] d = Fixtures.bytes(1, 100);
    List<FileEntry> entries = new ArrayList<>();
    entries.add(
        new FileEntry("a-file", 100, 5, 0644, List.of(new ChunkRef(ChunkHash.of(d, 0, 100), 100))));
    linkShapes()
        .forEach((path, text) -> entries.add(FileEntry.symlink(path, text, Fixtures.MTIME)));
    entries.add(new FileEntry("z-empty", 0, 6, 0600, List.of()));
    Snapshot s = snapshot(entries);

    byte[] b = SnapshotCodec.encode(s);
    assertThat(version(b)).isEqualTo(SnapshotCodec.INLINE_VERSION).isEqualTo(2);
    Snapshot back = SnapshotCodec.decode(b, "s");
    assertThat(back).isEqualTo(s);
    assertThat(back.entries())
        .filteredOn(FileEntry::isSymlink)
        .extracting(FileEntry::linkTarget)
        .containsExactlyElementsOf(linkShapes().values());
    assertThat(back.entries())
        .filteredOn(FileEntry::isSymlink)
        .allSatisfy(
            e -> {
              assertThat(e.size()).isZero();
              assertThat(e.chunks()).isEmpty();
              assertThat(e.mode()).isEqualTo(0777);
              assertThat(e.mtimeNanos()).isEqualTo(Fixtures.MTIME);
            });
    // Entries of every kind count; only regular files have bytes.
    assertThat(SnapshotCodec.decodeInfo(b, "s").fileCount()).isEqualTo(14);
    assertThat(SnapshotCodec.decodeInfo(b, "s").totalBytes()).isEqualTo(100);
    // The text is stored as it is, readable in a hex dump.
    assertThat(new String(b, StandardCharsets.ISO_8859_1))
        .contains("../../../../../../outside/the/tree");
  }

  @Test
  void linkEntryIsThePathAKindByteOfOneTheMtimeAndTheTextAsStr16() throws IOException {
    Snapshot s = snapshot(List.of(FileEntry.symlink("ab", "../t", 0x0102030405060708L)));
    byte[] b = SnapshotCodec.encode(s);
    int summaryEnd = 8 + 4 + 8 + 1 + 8 + 8 + 4 + 2 + 1 + 4 + 8 + 4;
    byte[] entry = Arrays.copyOfRange(b, summaryEnd, b.length - 4);
    assertThat(entry)
        .containsExactly(
            0, 2, 'a', 'b', // path
            1, // kind: symbolic link
            1, 2, 3, 4, 5, 6, 7, 8, // mtime
            0, 4, '.', '.', '/', 't'); // link target
    assertThat(RootBytes.root(2, s.info(), RootBytes.linkEntry("ab", utf8("../t"))))
        .hasSize(b.length);
  }

  @Test
  void version1RootsWrittenByTheVersion1CodeStillDecodeAsRegularFiles()
      throws IOException, URISyntaxException {
    Path seeds =
        Path.of(
            SnapshotRootVersion2Test.class
                .getResource("SnapshotCodecFuzzTestInputs/decodeAcceptsOnlySafeWellFormedRoots")
                .toURI());
    int version1Seeds = 0;
    try (Stream<Path> files = Files.list(seeds)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        byte[] b = Files.readAllBytes(p);
        if (!p.getFileName().toString().startsWith("v1-")) {
          continue;
        }
        version1Seeds++;
        assertThat(version(b)).as(p.toString()).isEqualTo(1);
        Snapshot s = SnapshotCodec.decode(b, p.toString());
        assertThat(SnapshotCodec.decodeInfo(b, p.toString())).isEqualTo(s.info());
        assertThat(s.entries()).allMatch(FileEntry::isRegularFile);
        // The hand-written version 1 encoder the fuzz test relies on agrees with the old writer.
        assertThat(RootBytes.version1(s)).isEqualTo(b);
        // Re-written, a version 1 snapshot becomes version 2 with the same content.
        byte[] upgraded = SnapshotCodec.encode(s);
        assertThat(version(upgraded)).isEqualTo(2);
        assertThat(SnapshotCodec.decode(upgraded, "upgraded")).isEqualTo(s);
      }
    }
    assertThat(version1Seeds).isEqualTo(3);
  }

  @Test
  void rootOfAnUnknownVersionIsRejectedAsUnsupportedBeforeAnyEntryIsRead() {
    // What a version 1 reader does with a version 2 root, two versions further on.
    for (int v : new int[] {0, 4, -1}) {
      byte[] b = RootBytes.root(v, info(1, 0), RootBytes.entry("a", 9, new byte[] {1, 2}));
      assertThatThrownBy(() -> SnapshotCodec.decode(b, "snapshots/x.snap"))
          .isInstanceOf(UnsupportedFormatException.class)
          .hasMessageContaining("snapshots/x.snap")
          .hasMessageContaining("version " + v);
      assertThatThrownBy(() -> SnapshotCodec.decodeInfo(b, "snapshots/x.snap"))
          .isInstanceOf(UnsupportedFormatException.class);
    }
  }

  /** A link entry no Linux link could be, and what the error must say about it. */
  record Hostile(String says, byte[] entry) {}

  @Test
  void hostileLinkEntriesMakeTheRootCorruptNamingTheEntry() {
    List<Hostile> cases =
        List.of(
            new Hostile("\"l\": empty", RootBytes.linkEntry("l", new byte[0])),
            new Hostile("\"l\": contains NUL", RootBytes.linkEntry("l", utf8("a\0b"))),
            new Hostile("longer than 4095", RootBytes.linkEntry("l", utf8("x".repeat(4096)))),
            new Hostile("longer than 4095", RootBytes.linkEntry("l", utf8("\u00e9".repeat(2048)))),
            new Hostile(
                "link target of l is not valid UTF-8",
                RootBytes.linkEntry("l", new byte[] {'a', (byte) 0xc3, '('})),
            // A surrogate written as UTF-8 bytes (CESU-8) is not UTF-8 either.
            new Hostile(
                "link target of l is not valid UTF-8",
                RootBytes.linkEntry("l", new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80})),
            new Hostile("unknown kind 2 of l", RootBytes.entry("l", 2, new byte[16])),
            new Hostile("unknown kind 255 of l", RootBytes.entry("l", 255, new byte[16])),
            new Hostile("invalid entry path \"../l\"", RootBytes.linkEntry("../l", utf8("t"))),
            new Hostile(
                "truncated: link target of l",
                RootBytes.entry("l", 1, new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 9})));
    for (Hostile h : cases) {
      byte[] b = RootBytes.root(2, info(1, 0), h.entry());
      assertThatThrownBy(() -> SnapshotCodec.decode(b, "snapshots/x.snap"))
          .as(h.says())
          .isInstanceOf(CorruptSnapshotException.class)
          .hasMessageContaining("snapshots/x.snap")
          .hasMessageContaining(h.says());
    }
  }

  @Test
  void aLinkCountsNoBytesAndSharesItsPathWithNoOtherEntry() {
    byte[] link = RootBytes.linkEntry("a", utf8("t"));
    assertThatThrownBy(() -> SnapshotCodec.decode(RootBytes.root(2, info(1, 4), link), "s"))
        .isInstanceOf(CorruptSnapshotException.class)
        .hasMessageContaining("add up to 0 bytes");
    byte[] twice = RootBytes.concat(link, RootBytes.emptyFileEntry("a"));
    assertThatThrownBy(() -> SnapshotCodec.decode(RootBytes.root(2, info(2, 0), twice), "s"))
        .isInstanceOf(CorruptSnapshotException.class)
        .hasMessageContaining("out of order or duplicated");
  }

  @Test
  void entriesBeneathALinkEntryAreReadAsStoredForRestoreToRefuse() throws IOException {
    // The spec lets a writer produce this; readers accept it, restore refuses a/passwd.
    byte[] entries =
        RootBytes.concat(
            RootBytes.linkEntry("a", utf8("/etc")), RootBytes.emptyFileEntry("a/passwd"));
    Snapshot s = SnapshotCodec.decode(RootBytes.root(2, info(2, 0), entries), "s");
    assertThat(s.entries()).extracting(FileEntry::path).containsExactly("a", "a/passwd");
    assertThat(s.entries().get(0).linkTarget()).isEqualTo("/etc");
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
