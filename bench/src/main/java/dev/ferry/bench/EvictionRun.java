package dev.ferry.bench;

import dev.ferry.monitor.blockmap.BlockMapper;
import dev.ferry.monitor.blockmap.FastCdc;
import dev.ferry.monitor.staging.StagingStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What an eviction costs a commit (decision 0006, reference counts with residues): a 64 KiB save
 * that must evict v1 of a 16 MiB file whose v2 and v3 share all but one chunk each, so v1 becomes a
 * residue and is compacted (its shared chunks rewritten), against the same save with room.
 */
final class EvictionRun {
  private static final int REPS = 6;

  private final Path dir;
  private final long seed;
  private final BlockMapper mapper = new BlockMapper(FastCdc.standard());

  EvictionRun(Path dir, long seed) {
    this.dir = dir;
    this.seed = seed;
  }

  void measure() throws Exception {
    Files.createDirectories(dir);
    byte[] big = StagingCost.random(seed, 16 << 20);
    Path small = Files.write(dir.resolve("small.bin"), StagingCost.random(seed + 1, 64 << 10));
    Samples evicting = new Samples("64 KiB commit that evicts + compacts v1");
    Samples plain = new Samples("64 KiB commit with room");
    long residue = 0;
    for (int i = -1; i < REPS; i++) {
      Path store = dir.resolve("store" + i);
      long used;
      long smallPack;
      try (StagingStore s = StagingStore.open(store, 1L << 40)) {
        for (int v = 0; v < 3; v++) {
          big[(v + 1) * (4 << 20)] ^= 1; // a new chunk in each version
          StagingCost.stage(s, mapper, Files.write(dir.resolve("big.bin"), big), "big");
        }
        used = s.usage().usedBytes();
        long before = used;
        plain.time(i >= 0, () -> StagingCost.stage(s, mapper, small, "plain"));
        smallPack = s.usage().usedBytes() - before;
      }
      try (StagingStore s = StagingStore.open(store, used + 2 * smallPack - 1)) {
        evicting.time(i >= 0, () -> StagingCost.stage(s, mapper, small, "evicting"));
        if (s.usage().versionsEvicted() != 1) {
          throw new IllegalStateException("expected one eviction, got " + s.usage());
        }
        residue = s.usage().residueBytes();
      }
      BenchFiles.deleteTree(store);
    }
    System.out.printf(
        Locale.ROOT,
        "%n== eviction, %d repetitions: the residue of v1 keeps (rewrites) %,d bytes%n",
        REPS,
        residue);
    plain.print();
    evicting.print();
  }
}
