package dev.ferry.monitor.journal;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Append latency of the backup cache; runs only with {@code -Dferry.bench=true}. */
class AppendLatencyBench {
  @TempDir Path dir;

  @Test
  void appendLatency() throws Exception {
    assumeTrue(Boolean.getBoolean("ferry.bench"), "benchmark: -Dferry.bench=true");
    ChangeRecord r = Records.modified("Documents/projects/ferry/report-2026.odt");
    int n = 200_000;
    long[] lat = new long[n];
    try (BackupCache cache = BackupCache.open(dir.resolve("cache"))) {
      for (int i = 0; i < n; i++) {
        long t0 = System.nanoTime();
        cache.append(r);
        lat[i] = System.nanoTime() - t0;
      }
    }
    long[] warm = Arrays.copyOfRange(lat, n / 2, n);
    Arrays.sort(warm);
    System.out.printf(
        "append (%d B record), 2nd half of %d: p50 %.2f us, p99 %.2f us, p99.9 %.2f us, max %.2f us%n",
        ChangeRecordCodec.encodedLength(r),
        n,
        warm[warm.length / 2] / 1e3,
        warm[(int) (warm.length * 0.99)] / 1e3,
        warm[(int) (warm.length * 0.999)] / 1e3,
        warm[warm.length - 1] / 1e3);
  }
}
