package dev.ferry.target;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ferry.target.container.ContainerFormat;
import dev.ferry.target.disk.TargetLayout;
import dev.ferry.target.index.IndexFile;
import dev.ferry.target.index.IndexLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Opening a target folder that holds hostile files: damaged (but resealed) copies of real files,
 * files under names that mean something to the target, directories and symlinks where files belong,
 * symlinks to a folder outside the target. {@code open} either succeeds or throws one of the
 * module's own exceptions, and its recovery deletes only what target-format.md rule 6 allows: temp
 * files, and containers no index names, and those only when every index file loaded. Nothing
 * outside the target is touched. Then listing, reading and verifying the opened target fail only
 * cleanly. Each run works on a fresh copy of a small real target (two snapshots, two containers).
 * Replays src/test/resources/dev/ferry/target/DiskTargetOpenFuzzTestInputs on every build; fuzz
 * with {@code JAZZER_FUZZ=1}.
 */
class DiskTargetOpenFuzzTest {
  private static final int MAX_OPS = 8;
  private static final String[] DIRS = {"", "data/00", "index", "snapshots", "data"};
  private static Path work;
  private static Path base;
  private static int runs;

  @FuzzTest(maxDuration = "60s")
  void openRecoversOnlyWhatItMay(FuzzedDataProvider in) throws IOException {
    setUp();
    Path run = work.resolve("run" + runs++);
    Path dir = run.resolve("target");
    Path outside = run.resolve("outside");
    try {
      copyTree(base, dir);
      Files.createDirectories(outside.resolve("ab"));
      Files.write(outside.resolve("keep.tmp"), new byte[] {1});
      Files.write(outside.resolve("ab").resolve("ab" + "0".repeat(30)), new byte[] {2});
      for (int i = 0; i < MAX_OPS && in.remainingBytes() > 0; i++) {
        apply(in, dir, outside);
      }
      check(dir, outside);
    } finally {
      deleteTree(run);
    }
  }

  // ---------------------------------------------------------------- hostile folder construction

  private static void apply(FuzzedDataProvider in, Path dir, Path outside) throws IOException {
    List<Path> files = listAll(dir);
    switch (in.consumeInt(0, 5)) {
      case 0 -> { // damage an existing file, resealing its checksums (or not)
        Path p = pick(in, files);
        if (p != null && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          Files.write(p, mutate(in, Files.readAllBytes(p), kindOf(dir, p)));
        }
      }
      case 1 -> { // a new file under a meaningful name, content from a real file or raw
        Path p = name(in, dir);
        byte[] content;
        Path src = pick(in, files);
        if (src != null && in.consumeBoolean() && Files.isRegularFile(src)) {
          content = mutate(in, Files.readAllBytes(src), kindOf(dir, src));
        } else {
          content = in.consumeBytes(in.consumeInt(0, 4096));
        }
        if (p != null && !Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
          Files.write(p, content);
        }
      }
      case 2 -> { // remove something
        Path p = pick(in, files);
        if (p != null && !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          Files.delete(p);
        }
      }
      case 3 -> { // a directory where a file belongs
        Path p = name(in, dir);
        if (p != null && !Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
          Files.createDirectory(p);
        }
      }
      case 4 -> { // a symlink to a file or folder outside the target
        Path p = name(in, dir);
        Path to = in.consumeBoolean() ? outside.resolve("ab") : outside.resolve("keep.tmp");
        if (p != null && !Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
          Files.createSymbolicLink(p, to);
        }
      }
      default -> { // data/xx as a symlink to an outside folder full of container-named files
        Path p = dir.resolve("data").resolve("ab");
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
          Files.createSymbolicLink(p, outside.resolve("ab"));
        }
      }
    }
  }

  private static Path pick(FuzzedDataProvider in, List<Path> files) {
    return files.isEmpty() ? null : files.get(in.consumeInt(0, files.size() - 1));
  }

  /** A name that means something to the target, in one of its directories. */
  private static Path name(FuzzedDataProvider in, Path dir) throws IOException {
    String sub = DIRS[in.consumeInt(0, DIRS.length - 1)];
    Path parent = sub.isEmpty() ? dir : dir.resolve(sub);
    if (!Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS)) {
      if (Files.exists(parent, LinkOption.NOFOLLOW_LINKS)) {
        return null;
      }
      Files.createDirectories(parent);
    }
    String hex = "0123456789abcdef";
    StringBuilder id = new StringBuilder(sub.equals("data/00") ? "00" : "");
    while (id.length() < 32) {
      id.append(hex.charAt(in.consumeInt(0, 15)));
    }
    long n = in.consumeLong(0, Long.MAX_VALUE);
    String name =
        switch (in.consumeInt(0, 6)) {
          case 0 -> id.toString();
          case 1 -> id + TargetLayout.TEMP_SUFFIX;
          case 2 -> n + TargetLayout.INDEX_SUFFIX;
          case 3 -> String.format("%020d", n) + TargetLayout.SNAPSHOT_SUFFIX;
          case 4 -> in.consumeBoolean() ? TargetLayout.TARGET_FILE : TargetLayout.LOCK;
          case 5 -> id.substring(0, 2);
          default -> safeName(in.consumeString(12));
        };
    return name.isEmpty() ? null : parent.resolve(name);
  }

  private static String safeName(String s) {
    StringBuilder b = new StringBuilder();
    s.codePoints()
        .filter(c -> c > ' ' && c != '/' && c != '\\' && c < 0x7f)
        .forEach(b::appendCodePoint);
    String n = b.toString();
    return n.equals(".") || n.equals("..") ? "" : n;
  }

  private enum Kind {
    CONTAINER,
    INDEX,
    SNAPSHOT,
    TARGET_FILE,
    OTHER
  }

  private static Kind kindOf(Path dir, Path p) {
    String rel = dir.relativize(p).toString();
    if (rel.startsWith("data/")) {
      return Kind.CONTAINER;
    }
    if (rel.startsWith("index/")) {
      return Kind.INDEX;
    }
    if (rel.startsWith("snapshots/")) {
      return Kind.SNAPSHOT;
    }
    return rel.equals(TargetLayout.TARGET_FILE) ? Kind.TARGET_FILE : Kind.OTHER;
  }

  private static byte[] mutate(FuzzedDataProvider in, byte[] b, Kind kind) {
    if (b.length > 0 && in.consumeBoolean()) {
      b = java.util.Arrays.copyOf(b, in.consumeInt(0, b.length));
    }
    int flips = in.consumeInt(0, 4);
    for (int i = 0; i < flips && b.length > 0; i++) {
      b[in.consumeInt(0, b.length - 1)] = in.consumeByte();
    }
    if (in.consumeBoolean()) {
      switch (kind) {
        case CONTAINER -> FuzzSupport.resealContainer(b);
        case INDEX -> FuzzSupport.resealIndex(b);
        case SNAPSHOT -> FuzzSupport.resealSnapshot(b);
        case TARGET_FILE -> FuzzSupport.resealTargetFile(b);
        default -> {}
      }
    }
    return b;
  }

  // ---------------------------------------------------------------- what open may and may not do

  private static void check(Path dir, Path outside) throws IOException {
    Map<Path, byte[]> before = contents(dir);
    Map<Path, byte[]> outsideBefore = contents(outside);
    Set<String> indexed = new HashSet<>();
    boolean allIndexesLoad = true;
    Path indexDir = dir.resolve(TargetLayout.INDEX);
    if (Files.isDirectory(indexDir)) {
      for (Path p : IndexLoader.indexFiles(indexDir)) {
        try {
          IndexFile f = IndexLoader.read(p);
          f.entries().values().forEach(loc -> indexed.add(loc.containerId()));
        } catch (IOException e) {
          allIndexesLoad = false;
        }
      }
    }

    DiskTarget t = null;
    try {
      t = DiskTarget.open(dir);
    } catch (NotATargetException
        | CorruptDataException
        | UnsupportedFormatException
        | KeyRequiredException e) {
      // A target file mutated into a well-formed version 2 one: encrypted, and no key was given.
      assertThat(e.getMessage()).isNotBlank();
    }

    assertThat(contents(outside)).as("outside the target").containsExactlyEntriesOf(outsideBefore);
    Map<Path, byte[]> after = contents(dir);
    for (Map.Entry<Path, byte[]> e : after.entrySet()) {
      Path p = e.getKey();
      if (!p.equals(dir.resolve(TargetLayout.LOCK))) {
        assertThat(before).as("open created or changed %s", p).containsKey(p);
        assertThat(e.getValue()).as("open changed %s", p).isEqualTo(before.get(p));
      }
    }
    for (Path gone : before.keySet()) {
      if (!after.containsKey(gone)) {
        assertMayDelete(dir, gone, t != null, allIndexesLoad, indexed);
      }
    }

    if (t != null) {
      try (DiskTarget target = t) {
        use(target);
      }
    }
  }

  private static void assertMayDelete(
      Path dir, Path gone, boolean opened, boolean allIndexesLoad, Set<String> indexed) {
    String rel = dir.relativize(gone).toString();
    String name = gone.getFileName().toString();
    assertThat(opened).as("failed open deleted %s", rel).isTrue();
    Path parent = dir.relativize(gone.getParent());
    boolean inTargetDir =
        parent.toString().isEmpty()
            || parent.toString().equals(TargetLayout.INDEX)
            || parent.toString().equals(TargetLayout.SNAPSHOTS)
            || parent.toString().matches("data/[0-9a-f]{2}");
    assertThat(inTargetDir).as("deleted %s outside the target's own directories", rel).isTrue();
    if (name.endsWith(TargetLayout.TEMP_SUFFIX)) {
      return;
    }
    assertThat(rel).as("deleted %s, neither temp file nor container", rel).startsWith("data/");
    assertThat(ContainerFormat.isValidId(name)).as("deleted %s", rel).isTrue();
    assertThat(allIndexesLoad).as("deleted container %s with a damaged index", rel).isTrue();
    assertThat(indexed).as("deleted indexed container %s", rel).doesNotContain(name);
  }

  /** Listing, reading, restoring and verifying a hostile target fail only cleanly. */
  private static void use(DiskTarget t) throws IOException {
    for (SnapshotInfo info : t.snapshots()) {
      try {
        Snapshot s = t.readSnapshot(info.id());
        for (FileEntry e : s.entries()) {
          FuzzSupport.assertSafePath(e.path());
          try {
            Fixtures.read(t, e);
          } catch (ChunkCorruptException | ChunkNotFoundException expected) {
            // a damaged or missing chunk, reported as such
          }
        }
      } catch (CorruptDataException | UnsupportedFormatException | SnapshotNotFoundException e) {
        assertThat(e.getMessage()).isNotBlank();
      }
    }
    assertThat(t.verify(true)).isNotNull();
  }

  // ---------------------------------------------------------------- file helpers

  /** Every path under {@code root} (not following links) with its content, null for non-files. */
  private static Map<Path, byte[]> contents(Path root) throws IOException {
    Map<Path, byte[]> out = new TreeMap<>();
    for (Path p : listAll(root)) {
      out.put(
          p,
          Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
              ? Files.readAllBytes(p)
              : Files.isSymbolicLink(p)
                  ? Files.readSymbolicLink(p)
                      .toString()
                      .getBytes(java.nio.charset.StandardCharsets.UTF_8)
                  : new byte[0]);
    }
    return out;
  }

  private static List<Path> listAll(Path root) throws IOException {
    List<Path> out = new ArrayList<>();
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return out;
    }
    try (Stream<Path> s = Files.walk(root)) {
      s.filter(p -> !p.equals(root)).sorted().forEach(out::add);
    }
    return out;
  }

  private static synchronized void setUp() throws IOException {
    if (base != null) {
      return;
    }
    work = Files.createTempDirectory("ferry-open-fuzz");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTreeQuietly(work)));
    Path b = work.resolve("base");
    try (DiskTarget t = DiskTarget.openOrCreate(b)) {
      try (SnapshotWriter w = t.newSnapshot(1, "host", OptionalLong.empty())) {
        Fixtures.put(w, "a.txt", Fixtures.bytes(1, 300), 128, 0644);
        Fixtures.put(w, "dir/b", Fixtures.bytes(2, 40), 128, 0600);
        w.commit();
      }
      try (SnapshotWriter w = t.newSnapshot(2, "host", OptionalLong.of(1))) {
        Fixtures.put(w, "dir/c", Fixtures.bytes(3, 200), 128, 0755);
        w.commit();
      }
    }
    Files.deleteIfExists(b.resolve(TargetLayout.LOCK));
    base = b;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    for (Path p : listAllWithRoot(from)) {
      Path dest = to.resolve(from.relativize(p).toString());
      if (Files.isDirectory(p)) {
        Files.createDirectories(dest);
      } else {
        Files.copy(p, dest);
      }
    }
  }

  private static List<Path> listAllWithRoot(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.sorted().toList();
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static void deleteTreeQuietly(Path root) {
    try {
      deleteTree(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
