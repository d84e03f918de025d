package dev.ferry.monitor.staging;

import static dev.ferry.monitor.staging.Staged.KIB;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Opening a staging folder that holds hostile files: damaged (and maybe resealed) copies of real
 * packs and of the state file, files under meaningful names, directories and links where files
 * belong. {@code open} either succeeds or fails with an {@link IOException}; then every version
 * reads back byte-exact, as a {@link StagedChunkDamagedException}, or not at all, and nothing
 * outside the folder is touched. Each run works on a fresh copy of a small real store (two paths,
 * deltas, a base, a residue). Replays its corpus on every build; fuzz with {@code JAZZER_FUZZ=1}.
 */
class StagingOpenFuzzTest {
  private static final int MAX_OPS = 4;
  private static Path work;
  private static Path base;
  private static Map<Long, byte[]> expected;
  private static int runs;

  @FuzzTest(maxDuration = "60s")
  void openRecoversOnlyWhatItMay(FuzzedDataProvider in) throws IOException {
    setUp();
    Path run = work.resolve("run" + runs++);
    Path dir = run.resolve("store");
    Path outside = Files.createDirectories(run.resolve("outside"));
    Path keep = Files.write(outside.resolve("keep.tmp"), new byte[] {1});
    try {
      copyTree(base, dir);
      for (int i = 0; i < MAX_OPS && in.remainingBytes() > 0; i++) {
        apply(in, dir, keep);
      }
      check(dir);
      assertThat(Files.readAllBytes(keep)).containsExactly(1);
    } finally {
      deleteTree(run);
    }
  }

  private static void apply(FuzzedDataProvider in, Path dir, Path keep) throws IOException {
    List<Path> files = listFiles(dir);
    if (files.isEmpty()) {
      return;
    }
    Path packs = dir.resolve("packs");
    switch (in.consumeInt(0, 4)) {
      case 0 -> { // damage a real file, resealing it or not
        Path p = files.get(in.consumeInt(0, files.size() - 1));
        Files.write(p, mutate(in, Files.readAllBytes(p), p.startsWith(packs)));
      }
      case 1 -> { // a file under a meaningful name: a copy of a real one, damaged, or raw bytes
        Path p = name(in, dir);
        Path src = files.get(in.consumeInt(0, files.size() - 1));
        byte[] content =
            in.consumeBoolean()
                ? mutate(in, Files.readAllBytes(src), true)
                : in.consumeBytes(in.consumeInt(0, 512));
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
          Files.write(p, content);
        }
      }
      case 2 -> Files.delete(files.get(in.consumeInt(0, files.size() - 1)));
      case 3 -> {
        Path p = name(in, dir);
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
          Files.createDirectory(p);
        }
      }
      default -> {
        Path p = name(in, dir);
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
          Files.createSymbolicLink(p, keep);
        }
      }
    }
  }

  /** A name that means something to the store. */
  private static Path name(FuzzedDataProvider in, Path dir) {
    long id = in.consumeLong(1, 12);
    PackState s = PackState.values()[in.consumeInt(0, 2)];
    return switch (in.consumeInt(0, 3)) {
      case 0 -> dir.resolve("packs").resolve(PackFile.fileName(id, s));
      case 1 -> dir.resolve("packs").resolve(PackFile.fileName(id, s) + Durable.TEMP_SUFFIX);
      case 2 -> dir.resolve("packs").resolve("w-" + id + Durable.TEMP_SUFFIX);
      default -> dir.resolve(StateFile.NAME + (in.consumeBoolean() ? Durable.TEMP_SUFFIX : ""));
    };
  }

  private static byte[] mutate(FuzzedDataProvider in, byte[] b, boolean pack) {
    byte[] out = b;
    if (out.length > 0 && in.consumeBoolean()) {
      out = Arrays.copyOf(out, in.consumeInt(0, out.length));
    }
    for (int i = 0, n = in.consumeInt(0, 4); i < n && out.length > 0; i++) {
      // Half the flips land in the last 256 bytes: the metadata of every pack and state file.
      int lo = in.consumeBoolean() ? Math.max(0, out.length - 256) : 0;
      out[in.consumeInt(lo, out.length - 1)] = in.consumeByte();
    }
    if (in.consumeBoolean()) {
      if (pack) {
        Reseal.pack(out);
      } else {
        Reseal.state(out);
      }
    }
    return out;
  }

  private static void check(Path dir) throws IOException {
    StagingStore s;
    try {
      s = StagingStore.open(dir, 1L << 30);
    } catch (IOException refused) {
      return; // e.g. a directory where the state file belongs: a clean refusal
    }
    try (s) {
      for (Map.Entry<Long, byte[]> e : expected.entrySet()) {
        try {
          Optional<StagedVersion> v = s.open(e.getKey());
          if (v.isPresent()) {
            try (StagedVersion open = v.get()) {
              assertThat(open.newInputStream().readAllBytes()).isEqualTo(e.getValue());
            }
          }
        } catch (StagedChunkDamagedException damaged) {
          assertThat(damaged.stageId()).isEqualTo(e.getKey());
        }
      }
      assertThat(s.usage().usedBytes()).isNotNegative();
    }
  }

  private static synchronized void setUp() throws IOException {
    if (base != null) {
      return;
    }
    work = Files.createTempDirectory("ferry-staging-fuzz");
    work.toFile().deleteOnExit();
    base = work.resolve("base");
    Path scratch = Files.createDirectories(work.resolve("scratch"));
    expected = new HashMap<>();
    byte[] a = Staged.random(1, 100 * KIB);
    byte[] b = Staged.random(2, 40 * KIB);
    try (StagingStore s = StagingStore.open(base, 1L << 30)) {
      for (int i = 0; i < 3; i++) {
        a = Staged.edited(a, 10 * KIB + 30 * KIB * i, 4, i);
        expected.put(Staged.stage(s, scratch, "a", a), a);
      }
      expected.put(Staged.stage(s, scratch, "d/b", b), b);
      s.release(1);
      s.release(2); // 1 a residue, 2 the base of "a"
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(work)));
  }

  private static List<Path> listFiles(Path dir) throws IOException {
    try (Stream<Path> w = Files.walk(dir)) {
      return w.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> w = Files.walk(from)) {
      for (Path p : w.toList()) {
        Files.copy(
            p, to.resolve(from.relativize(p).toString()), StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> w = Files.walk(root)) {
      for (Path p : w.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static void deleteQuietly(Path root) {
    try {
      deleteTree(root);
    } catch (IOException e) {
      // best effort at JVM exit
    }
  }
}
