package dev.ferry.monitor.staging;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import net.openhft.hashing.LongHashFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes the seed corpora of the staging fuzz targets from real files, with tiny chunks so the
 * seeds stay small. Not part of the build (its name is not a test name); run it with {@code ./mvnw
 * -B -q -pl host-monitor test -Dtest=FuzzSeedsWriter -Dferry.staging.writeSeeds=true}.
 */
class FuzzSeedsWriter {
  private static final Path RES = Path.of("src/test/resources/dev/ferry/monitor/staging");

  @TempDir Path dir;

  /** Stages {@code chunks} as one save, as a mapper would hand them over. */
  static long stage(StagingStore s, String path, byte[]... chunks) throws IOException {
    try (StageWriter w = s.begin(Staged.ROOT, path, 1_764_590_400_000_000_000L)) {
      long at = 0;
      for (byte[] c : chunks) {
        w.chunk(at, c, 0, c.length, LongHashFunction.xx3().hashBytes(c));
        at += c.length;
      }
      return w.commit();
    }
  }

  @Test
  void writeSeeds() throws IOException {
    assumeTrue(Boolean.getBoolean("ferry.staging.writeSeeds"), "-Dferry.staging.writeSeeds=true");
    Path packs =
        Files.createDirectories(
            RES.resolve("PackCodecFuzzTestInputs/decodeAcceptsOnlyWhatItWouldWrite"));
    byte[] c1 = Staged.random(1, 10);
    byte[] c2 = Staged.random(2, 100);
    byte[] c3 = Staged.random(3, 10);
    byte[] c4 = Staged.random(4, 12);
    try (StagingStore s = StagingStore.open(dir, 1L << 30)) {
      stage(s, "a", c1, c2, c3); // 1
      stage(s, "a", c1, c4, c3); // 2
      seed(packs, "version-full", "00000000000000000001.stage");
      seed(packs, "version-delta", "00000000000000000002.stage");
      stage(s, "empty"); // 3
      seed(packs, "version-empty", "00000000000000000003.stage");
      stage(s, "dir/repeated", c1, c1, c1, c2); // 4
      seed(packs, "version-repeated-chunk", "00000000000000000004.stage");
      s.release(1);
      s.release(2); // 1 retired: c2 is garbage, most of its bytes, so it is compacted away
      seed(packs, "residue-compacted", "00000000000000000001.residue");
      seed(packs, "base", "00000000000000000002.base");
    }
    try (StagingStore s = StagingStore.open(dir, 1L << 30, false)) {
      long id = stage(s, "a", c1, c3, c4);
      seed(packs, "version-per-block-pointers", PackFile.fileName(id, PackState.STAGE));
    }
    Path state =
        Files.createDirectories(
            RES.resolve("StateFileFuzzTestInputs/decodeAcceptsOnlyWhatItWouldWrite"));
    Files.write(state.resolve("empty"), StateFile.encode(StoreState.EMPTY));
    Files.write(
        state.resolve("with-warning"),
        StateFile.encode(new StoreState(8191, 3, 1, 1_764_590_400_000L, "evicted stage 7 of ä")));
    Path open =
        Files.createDirectories(RES.resolve("StagingOpenFuzzTestInputs/openRecoversOnlyWhatItMay"));
    SplittableRandom r = new SplittableRandom(20261201);
    for (int i = 0; i < 4; i++) {
      byte[] b = new byte[64 + 64 * i];
      for (int j = 0; j < b.length; j++) {
        b[j] = (byte) r.nextInt(256);
      }
      Files.write(open.resolve("ops-" + i), b);
    }
  }

  /** The pack file as the fuzz target takes it: its state's index, then the bytes. */
  private void seed(Path out, String name, String file) throws IOException {
    byte[] b = Files.readAllBytes(dir.resolve("packs").resolve(file));
    int state = List.of(PackState.values()).indexOf(PackFile.parseName(file).orElseThrow().state());
    byte[] in = new byte[b.length + 1];
    in[0] = (byte) state;
    System.arraycopy(b, 0, in, 1, b.length);
    Files.write(out.resolve(name), in);
  }
}
