package dev.ferry.monitor.staging;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ferry.monitor.blockmap.BlockMapper;
import dev.ferry.monitor.blockmap.FastCdc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Do range entries pay? The same 100 saves of a 64 MiB file (one chunk changed each) staged with
 * range entries and with one pointer entry per block: pointer-table bytes per version, commit time,
 * store open time (which decodes every meta section) and version open time. Runs only with {@code
 * -Dferry.bench=true} (figures in bench/RESULTS.md, decision 0006).
 */
class PointerTableBench {
  @TempDir Path dir;

  @Test
  void rangesVersusOneEntryPerBlock() throws Exception {
    assumeTrue(Boolean.getBoolean("ferry.bench"), "benchmark: -Dferry.bench=true");
    for (int round = 0; round < 2; round++) {
      for (boolean merge : new boolean[] {true, false}) {
        run(dir.resolve("r" + round + merge), merge);
      }
    }
  }

  private static void run(Path d, boolean merge) throws Exception {
    byte[] data = Staged.random(1, 64 << 20);
    Path file = d.resolveSibling(d.getFileName() + ".bin");
    BlockMapper mapper = new BlockMapper(FastCdc.standard());
    SplittableRandom r = new SplittableRandom(2);
    long[] commitNs = new long[100];
    long entries = 0;
    long metaBytes = 0;
    try (StagingStore s = StagingStore.open(d, 1L << 40, merge)) {
      for (int i = 0; i < 101; i++) {
        data[r.nextInt(data.length)] ^= 1;
        Files.write(file, data);
        long t0 = System.nanoTime();
        try (StageWriter w = s.begin(Staged.ROOT, "big.bin")) {
          mapper.map(file, w);
          long used = s.usage().usedBytes();
          w.commit();
          if (i > 0) {
            commitNs[i - 1] = System.nanoTime() - t0;
            entries += w.pointerEntries();
            metaBytes += s.usage().usedBytes() - used - w.copiedBytes() - 48;
          }
        }
      }
    }
    long o0 = System.nanoTime();
    long v0;
    long v1;
    try (StagingStore s = StagingStore.open(d, 1L << 40, merge)) {
      v0 = System.nanoTime();
      for (long id : s.versions(Staged.ROOT, "big.bin")) {
        s.open(id).orElseThrow().close();
      }
      v1 = System.nanoTime();
    }
    Arrays.sort(commitNs);
    System.out.printf(
        "%-22s per version: %6.1f pointer entries, %8.0f meta bytes; commit (map+stage) median"
            + " %.1f ms; store open (101 versions) %.1f ms; 101 version opens %.1f ms%n",
        merge ? "ranges" : "one entry per block",
        entries / 100.0,
        metaBytes / 100.0,
        commitNs[50] / 1e6,
        (v0 - o0) / 1e6,
        (v1 - v0) / 1e6);
  }
}
