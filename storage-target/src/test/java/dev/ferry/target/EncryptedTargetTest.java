package dev.ferry.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An encrypted target end to end: what restores, what a wrong key does (nothing but a clear error),
 * what the files reveal without the key (no path, content, link text, host or chunk hash), and that
 * a sealed file damaged or moved to another name is caught.
 */
class EncryptedTargetTest {
  private static final String SECRET_PATH = "finance/tax-return-2026-alice.pdf";
  private static final String SECRET_TEXT = "CONFIDENTIAL salary figures of Alice Example ";
  private static final String LINK_TEXT = "/home/alice/very-private-folder";
  private static final String HOST = "alice-laptop.example";

  @TempDir Path tmp;
  private Path dir;
  private TargetCredential key;

  @BeforeEach
  void keyFile() throws IOException {
    dir = tmp.resolve("target");
    Path keyFile = tmp.resolve("target.key");
    Files.write(keyFile, Fixtures.bytes(7, 32));
    key = TargetCredential.keyFile(keyFile);
  }

  @Test
  void twoSnapshotsRestoreByteExactAndVerifyWithTheKey() throws IOException {
    byte[] random = Fixtures.bytes(1, 300_000);
    byte[] text = SECRET_TEXT.repeat(5000).getBytes(StandardCharsets.UTF_8);
    try (DiskTarget t = DiskTarget.openOrCreate(dir, Compression.DEFAULT, key)) {
      assertThat(t.encrypted()).isTrue();
      write(t, random, text);
      try (SnapshotWriter w = t.newSnapshot(2, HOST, OptionalLong.of(1))) {
        Fixtures.put(w, "docs/new.txt", Fixtures.bytes(3, 10_000));
        w.removeFile("docs/empty");
        w.commit();
      }
    }
    try (DiskTarget t = DiskTarget.open(dir, Compression.DEFAULT, key)) {
      assertThat(t.snapshots()).extracting(SnapshotInfo::id).containsExactly(1L, 2L);
      assertThat(t.snapshots()).extracting(SnapshotInfo::host).containsOnly(HOST);
      RestoreResult r = t.restore(2, null, tmp.resolve("out"));
      assertThat(r.failures()).isEmpty();
      assertThat(tmp.resolve("out").resolve(SECRET_PATH)).hasBinaryContent(text);
      assertThat(tmp.resolve("out/media/random.bin")).hasBinaryContent(random);
      assertThat(tmp.resolve("out/docs/new.txt")).hasBinaryContent(Fixtures.bytes(3, 10_000));
      assertThat(tmp.resolve("out/docs/empty")).doesNotExist();
      assertThat(Files.readSymbolicLink(tmp.resolve("out/link")).toString()).isEqualTo(LINK_TEXT);
      assertThat(t.restore(1, null, tmp.resolve("out1")).failures()).isEmpty();
      assertThat(tmp.resolve("out1/docs/empty")).isEmptyFile();
      VerifyReport v = t.verify(true);
      assertThat(v.damages()).isEmpty();
      assertThat(v.containersRead()).isEqualTo(v.containersChecked()).isPositive();
    }
    byte[] marker = Files.readAllBytes(dir.resolve("ferry-target"));
    assertThat(marker).hasSize(145);
    assertThat(java.nio.ByteBuffer.wrap(marker).getInt(8)).as("target format version").isEqualTo(2);
    for (Path c : files("data")) {
      assertThat(java.nio.ByteBuffer.wrap(Files.readAllBytes(c)).getInt(8))
          .as("container version of %s", c)
          .isEqualTo(3);
    }
  }

  @Test
  void theTargetFilesHoldNoPathContentLinkTextHostOrChunkHash() throws IOException {
    byte[] text = SECRET_TEXT.repeat(200).getBytes(StandardCharsets.UTF_8);
    List<FileEntry> entries;
    // No compression: content that is not encrypted would sit in the containers as it is.
    try (DiskTarget t = DiskTarget.openOrCreate(dir, Compression.NONE, key)) {
      entries = write(t, Fixtures.bytes(1, 5000), text);
    }
    List<byte[]> secrets = new ArrayList<>();
    for (String s :
        List.of(SECRET_PATH, "tax-return", SECRET_TEXT.substring(0, 24), LINK_TEXT, HOST)) {
      secrets.add(s.getBytes(StandardCharsets.UTF_8));
    }
    for (FileEntry e : entries) {
      for (ChunkRef ref : e.chunks()) {
        secrets.add(ref.hash().toBytes());
        secrets.add(
            HexFormat.of().formatHex(ref.hash().toBytes()).getBytes(StandardCharsets.US_ASCII));
      }
    }
    assertThat(secrets).hasSizeGreaterThan(10);
    for (Path f : files("")) {
      byte[] raw = Files.readAllBytes(f);
      for (byte[] s : secrets) {
        assertThat(indexOf(raw, s))
            .as("%s holds %s", f, new String(s, StandardCharsets.ISO_8859_1))
            .isNegative();
      }
    }
    // The control: the same search finds them all in an unencrypted target.
    Path plain = tmp.resolve("plain");
    try (DiskTarget t = DiskTarget.openOrCreate(plain, Compression.NONE)) {
      write(t, Fixtures.bytes(1, 5000), text);
    }
    List<byte[]> found = new ArrayList<>();
    try (Stream<Path> s = Files.walk(plain)) {
      for (Path f : s.filter(Files::isRegularFile).toList()) {
        byte[] raw = Files.readAllBytes(f);
        secrets.stream().filter(x -> indexOf(raw, x) >= 0).forEach(found::add);
      }
    }
    assertThat(found.stream().map(b -> new String(b, StandardCharsets.ISO_8859_1)))
        .contains(SECRET_PATH, LINK_TEXT, HOST, SECRET_TEXT.substring(0, 24));
  }

  @Test
  void aWrongKeyFileOrPassphraseFailsClearlyBeforeAnythingIsReadOrChanged() throws IOException {
    try (DiskTarget t = DiskTarget.openOrCreate(dir, Compression.DEFAULT, key)) {
      write(t, Fixtures.bytes(1, 5000), new byte[10]);
    }
    // A crashed writer's temp file: recovery would delete it if open got that far.
    Files.write(dir.resolve("index/9.idx.tmp"), new byte[] {1, 2, 3});
    Map<String, String> before = state(dir);
    Path wrongFile = tmp.resolve("wrong.key");
    Files.write(wrongFile, Fixtures.bytes(8, 32));
    TargetCredential wrong = TargetCredential.keyFile(wrongFile);

    assertThatThrownBy(() -> DiskTarget.open(dir, Compression.DEFAULT, wrong))
        .isInstanceOf(WrongKeyException.class)
        .hasMessageContaining("wrong key file " + wrongFile)
        .hasMessageContaining(dir.toAbsolutePath().toString());
    assertThatThrownBy(() -> DiskTarget.openOrCreate(dir, Compression.DEFAULT, wrong))
        .isInstanceOf(WrongKeyException.class);
    assertThatThrownBy(
            () ->
                DiskTarget.open(
                    dir, Compression.DEFAULT, TargetCredential.passphrase("x".toCharArray(), 1000)))
        .isInstanceOf(WrongKeyException.class)
        .hasMessageContaining("locked by a key file");
    assertThatThrownBy(() -> DiskTarget.open(dir))
        .isInstanceOf(KeyRequiredException.class)
        .hasMessageContaining(dir.toAbsolutePath().toString())
        .hasMessageContaining("--key-file");
    assertThat(state(dir)).isEqualTo(before);
  }

  @Test
  void aPassphraseTargetOpensWithThatPassphraseOnly() throws IOException {
    TargetCredential pass = TargetCredential.passphrase("correct horse".toCharArray(), 1000);
    try (DiskTarget t = DiskTarget.openOrCreate(dir, Compression.DEFAULT, pass)) {
      write(t, Fixtures.bytes(1, 5000), new byte[10]);
    }
    Map<String, String> before = state(dir);
    assertThatThrownBy(
            () ->
                DiskTarget.open(
                    dir,
                    Compression.DEFAULT,
                    TargetCredential.passphrase("correct horse ".toCharArray())))
        .isInstanceOf(WrongKeyException.class)
        .hasMessageStartingWith("wrong passphrase for encrypted target " + dir.toAbsolutePath());
    assertThatThrownBy(() -> DiskTarget.open(dir, Compression.DEFAULT, key))
        .isInstanceOf(WrongKeyException.class)
        .hasMessageContaining("locked by a passphrase");
    assertThat(state(dir)).isEqualTo(before);
    // The recorded count is what unlocks, not the count the credential would use for a new wrap.
    try (DiskTarget t =
        DiskTarget.open(
            dir, Compression.DEFAULT, TargetCredential.passphrase("correct horse".toCharArray()))) {
      assertThat(t.verify(true).ok()).isTrue();
    }
  }

  @Test
  void anUnencryptedTargetRefusesAKeyAndStaysVersion1() throws IOException {
    try (DiskTarget t = DiskTarget.openOrCreate(dir)) {
      assertThat(t.encrypted()).isFalse();
    }
    assertThat(Files.size(dir.resolve("ferry-target"))).isEqualTo(48);
    assertThatThrownBy(() -> DiskTarget.open(dir, Compression.DEFAULT, key))
        .isInstanceOf(TargetNotEncryptedException.class)
        .hasMessageContaining(dir.toAbsolutePath().toString());
    assertThatThrownBy(() -> DiskTarget.openOrCreate(dir, Compression.DEFAULT, key))
        .isInstanceOf(TargetNotEncryptedException.class);
  }

  @Test
  void aFlippedByteInAnIndexFileOrRootIsCaughtByVerifyAndRestore() throws IOException {
    try (DiskTarget t = DiskTarget.openOrCreate(dir, Compression.DEFAULT, key)) {
      write(t, Fixtures.bytes(1, 5000), new byte[10]);
    }
    Path index = dir.resolve("index/1.idx");
    Path root = files("snapshots").get(0);
    for (Path f : List.of(index, root)) {
      long size = Files.size(f);
      for (long pos : new long[] {0, 9, 13, size / 2, size - 1}) {
        CorruptionTest.flipAt(f, pos);
        try (DiskTarget t = DiskTarget.open(dir, Compression.DEFAULT, key)) {
          VerifyReport v = t.verify(true);
          String what = f.equals(index) ? "index index/1.idx" : "snapshot 1";
          assertThat(v.damages())
              .as("%s byte %d", f.getFileName(), pos)
              .anySatisfy(d -> assertThat(d.what()).isEqualTo(what));
          if (f.equals(root)) {
            assertThatThrownBy(() -> t.restore(1, null, tmp.resolve("o")))
                .isInstanceOf(CorruptSnapshotException.class);
          } else {
            assertThat(t.restore(1, null, tmp.resolve("o")).failures()).isNotEmpty();
          }
        } finally {
          CorruptionTest.flipAt(f, pos);
        }
      }
    }
    try (DiskTarget t = DiskTarget.open(dir, Compression.DEFAULT, key)) {
      assertThat(t.verify(true).ok()).isTrue();
    }
  }

  @Test
  void aSealedRootOrIndexCopiedUnderAnotherNameDoesNotOpen() throws IOException {
    try (DiskTarget t = DiskTarget.openOrCreate(dir, Compression.DEFAULT, key)) {
      write(t, Fixtures.bytes(1, 5000), new byte[10]);
      try (SnapshotWriter w = t.newSnapshot(2, HOST, OptionalLong.of(1))) {
        Fixtures.put(w, "b", Fixtures.bytes(2, 100));
        w.commit();
      }
    }
    List<Path> roots = files("snapshots");
    Files.copy(roots.get(0), roots.get(1), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.copy(
        dir.resolve("index/1.idx"),
        dir.resolve("index/2.idx"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    try (DiskTarget t = DiskTarget.open(dir, Compression.DEFAULT, key)) {
      assertThatThrownBy(() -> t.readSnapshot(2))
          .isInstanceOf(CorruptSnapshotException.class)
          .hasMessageContaining("does not decrypt");
      assertThat(t.verify(false).damages())
          .extracting(Damage::what)
          .contains("snapshot 2", "index index/2.idx");
    }
  }

  @Test
  void changeKeyRewrapsTheMasterKeyAndLeavesEveryOtherFileAlone() throws IOException {
    try (DiskTarget t = DiskTarget.openOrCreate(dir, Compression.DEFAULT, key)) {
      write(t, Fixtures.bytes(1, 5000), new byte[10]);
    }
    Map<String, String> before = state(dir);
    TargetCredential pass = TargetCredential.passphrase("new passphrase".toCharArray(), 1000);
    try (DiskTarget t = DiskTarget.open(dir, Compression.DEFAULT, key)) {
      t.changeKey(pass);
    }
    Map<String, String> after = state(dir);
    assertThat(after.get("ferry-target")).isNotEqualTo(before.get("ferry-target"));
    before.remove("ferry-target");
    after.remove("ferry-target");
    assertThat(after).isEqualTo(before);
    assertThatThrownBy(() -> DiskTarget.open(dir, Compression.DEFAULT, key))
        .isInstanceOf(WrongKeyException.class);
    try (DiskTarget t = DiskTarget.open(dir, Compression.DEFAULT, pass)) {
      assertThat(t.verify(true).ok()).isTrue();
      assertThat(t.restore(1, null, tmp.resolve("o")).failures()).isEmpty();
    }
  }

  @Test
  void pruneRepacksIntoEncryptedContainers() throws IOException {
    try (DiskTarget t = DiskTarget.openOrCreate(dir, Compression.DEFAULT, key)) {
      for (long id = 1; id <= 3; id++) {
        try (SnapshotWriter w =
            t.newSnapshot(id, HOST, id == 1 ? OptionalLong.empty() : OptionalLong.of(id - 1))) {
          Fixtures.put(w, "kept", Fixtures.bytes(100, 20_000));
          Fixtures.put(w, "changing", Fixtures.bytes(id, 20_000));
          w.commit();
        }
      }
      t.forget(List.of(1L, 2L));
      PruneReport r = t.prune(0);
      assertThat(r.containersRepacked()).isPositive();
      assertThat(t.restore(3, null, tmp.resolve("o")).failures()).isEmpty();
      assertThat(tmp.resolve("o/kept")).hasBinaryContent(Fixtures.bytes(100, 20_000));
      assertThat(t.verify(true).ok()).isTrue();
    }
    for (Path c : files("data")) {
      assertThat(java.nio.ByteBuffer.wrap(Files.readAllBytes(c)).getInt(8)).isEqualTo(3);
    }
  }

  /** Snapshot 1: a random file, a text file, an empty file and a link. */
  private static List<FileEntry> write(DiskTarget t, byte[] random, byte[] text)
      throws IOException {
    List<FileEntry> out = new ArrayList<>();
    try (SnapshotWriter w = t.newSnapshot(1, HOST, OptionalLong.empty())) {
      out.add(Fixtures.put(w, "media/random.bin", random, 64 << 10, 0644));
      out.add(Fixtures.put(w, SECRET_PATH, text, 4096, 0600));
      out.add(Fixtures.put(w, "docs/empty", new byte[0]));
      w.putFile(FileEntry.symlink("link", LINK_TEXT, Fixtures.MTIME));
      w.commit();
    }
    return out;
  }

  private List<Path> files(String under) throws IOException {
    try (Stream<Path> s = Files.walk(dir.resolve(under))) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }

  /** Every file under {@code root}: its bytes and modification time, by relative path. */
  private static Map<String, String> state(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted().toList()) {
        String rel = root.relativize(p).toString();
        FileTime m = Files.getLastModifiedTime(p);
        out.put(
            rel,
            Files.isRegularFile(p)
                ? HexFormat.of().formatHex(Files.readAllBytes(p)) + "@" + m
                : "dir");
      }
    }
    return out;
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
