package dev.ferry.monitor.blockmap;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import net.openhft.hashing.LongHashFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Throughput of chunking; runs only with {@code -Dferry.bench=true}. */
class MappingThroughputBench {
  @TempDir Path dir;

  @Test
  void chunkAndMapA256MiBBuffer() throws Exception {
    assumeTrue(Boolean.getBoolean("ferry.bench"), "benchmark: -Dferry.bench=true");
    byte[] data = new byte[256 << 20];
    new Random(1).nextBytes(data);
    FastCdc cdc = FastCdc.standard();
    LongHashFunction xx3 = LongHashFunction.xx3();
    for (int round = 0; round < 5; round++) {
      long t0 = System.nanoTime();
      int off = 0;
      int chunks = 0;
      long sink = 0;
      while (off < data.length) {
        int len = cdc.nextCut(data, off, Math.min(data.length - off, cdc.max()));
        sink += xx3.hashBytes(data, off, len);
        off += len;
        chunks++;
      }
      long t1 = System.nanoTime();
      System.out.printf(
          "cdc+xxh3 in memory: %.0f MiB/s, %d chunks (avg %d B) [%d]%n",
          256 / ((t1 - t0) / 1e9), chunks, data.length / chunks, sink & 1);
    }
    Path f = Files.write(dir.resolve("big"), data);
    BlockMapper mapper = new BlockMapper(cdc);
    for (int round = 0; round < 3; round++) {
      long t0 = System.nanoTime();
      BlockMap map = mapper.map(f);
      long t1 = System.nanoTime();
      System.out.printf(
          "BlockMapper from a cached file: %.0f MiB/s, %d blocks%n",
          256 / ((t1 - t0) / 1e9), map.blocks().size());
    }
  }
}
