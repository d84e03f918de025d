package dev.ferry.bench;

import dev.ferry.monitor.blockmap.Block;
import dev.ferry.monitor.blockmap.BlockMap;
import dev.ferry.monitor.journal.BackupCache;
import dev.ferry.monitor.journal.ChangeKind;
import dev.ferry.monitor.journal.ChangeRecord;
import dev.ferry.monitor.journal.ChangeRecordCodec;
import dev.ferry.monitor.journal.FileType;
import dev.ferry.monitor.journal.JournalDurability;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * Append latency of the {@link BackupCache} in each {@link JournalDurability} mode, for records of
 * about 150 bytes built like real ones (one block, a real-looking path) and encoded by the codec.
 *
 * <p>For each mode: a fresh cache in a temp folder, {@code --warmup} appends (not counted), then
 * {@code --appends} timed appends, back to back unless {@code --pace-us} is set. In GROUP_COMMIT
 * mode a watcher thread also polls {@link BackupCache#durableIndex()} every 50 µs, giving the time
 * from an append's return to the moment it was seen durable (append→durable).
 *
 * <p>Usage: {@code JournalDurabilityBench [--appends N] [--warmup N] [--pace-us US] [--tmp DIR]
 * [--modes PROCESS_CRASH,GROUP_COMMIT@10,EVERY_RECORD]} (a GROUP_COMMIT mode takes its interval in
 * ms after {@code @}).
 */
public final class JournalDurabilityBench {
  private JournalDurabilityBench() {}

  public static void main(String[] args) throws Exception {
    int appends = 10_000;
    int warmup = 5_000;
    long paceUs = 0;
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    String modes = "PROCESS_CRASH,GROUP_COMMIT@1,GROUP_COMMIT@10,GROUP_COMMIT@100,EVERY_RECORD";
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--appends" -> appends = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        case "--pace-us" -> paceUs = Long.parseLong(args[++i]);
        case "--tmp" -> tmp = Path.of(args[++i]);
        case "--modes" -> modes = args[++i];
        default -> {
          System.err.println("unknown argument " + args[i]);
          System.exit(2);
        }
      }
    }
    ChangeRecord sample = record(0, new SplittableRandom(1));
    System.out.printf(
        Locale.ROOT,
        "journal append latency, %d B records, %d appends after %d warm-up, pace %s, in %s%n",
        ChangeRecordCodec.encodedLength(sample),
        appends,
        warmup,
        paceUs == 0 ? "none (back to back)" : paceUs + " us",
        tmp.toAbsolutePath());
    System.out.printf(
        Locale.ROOT,
        "%-18s %9s %9s %9s %9s %9s   %s%n",
        "mode",
        "p50 us",
        "p99 us",
        "p99.9 us",
        "max us",
        "mean us",
        "append→durable p50/p99/max ms");
    for (String spec : modes.split(",")) {
      String[] f = spec.trim().split("@");
      JournalDurability mode = JournalDurability.valueOf(f[0]);
      Duration interval = Duration.ofMillis(f.length > 1 ? Long.parseLong(f[1]) : 10);
      run(spec.trim(), mode, interval, appends, warmup, paceUs, tmp);
    }
  }

  private static ChangeRecord record(int i, SplittableRandom rnd) {
    long size = 1 + rnd.nextInt(15_000);
    long now = 1_763_000_000_000_000_000L + i * 1_000_000L;
    return new ChangeRecord(
        "ws-anna-01",
        "/home/anna/Documents",
        String.format(Locale.ROOT, "notes/todo-%05d.md", i % 100_000),
        ChangeKind.MODIFIED,
        null,
        FileType.REGULAR,
        null,
        2049,
        1_000_000 + i,
        size,
        now,
        now,
        0644,
        "default",
        now + 1_000_000,
        now + 101_000_000,
        ChangeRecord.NOT_STAGED,
        new BlockMap(List.of(new Block(0, (int) size, rnd.nextLong()))));
  }

  private static void run(
      String label,
      JournalDurability mode,
      Duration interval,
      int appends,
      int warmup,
      long paceUs,
      Path tmp)
      throws Exception {
    Path base = Files.createTempDirectory(tmp, "ferry-journal-bench-");
    SplittableRandom rnd = new SplittableRandom(20261122);
    ChangeRecord[] records = new ChangeRecord[warmup + appends];
    for (int i = 0; i < records.length; i++) {
      records[i] = record(i, rnd);
    }
    long[] lat = new long[appends];
    long[] index = new long[appends];
    long[] returnedAt = new long[appends];
    try (BackupCache cache = BackupCache.open(base.resolve("cache"), mode, interval)) {
      for (int i = 0; i < warmup; i++) {
        cache.append(records[i]);
        pace(paceUs);
      }
      Watcher watcher = null;
      if (mode == JournalDurability.GROUP_COMMIT) {
        watcher = new Watcher(cache);
        watcher.start();
      }
      for (int i = 0; i < appends; i++) {
        long t0 = System.nanoTime();
        index[i] = cache.append(records[warmup + i]);
        long t1 = System.nanoTime();
        lat[i] = t1 - t0;
        returnedAt[i] = t1;
        pace(paceUs);
      }
      String durableCol = "-";
      if (watcher != null) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (cache.durableIndex() < index[appends - 1] && System.nanoTime() < deadline) {
          LockSupport.parkNanos(100_000);
        }
        LockSupport.parkNanos(1_000_000);
        watcher.stop = true;
        watcher.join();
        durableCol = watcher.lagSummary(index, returnedAt);
      }
      long[] sorted = lat.clone();
      Arrays.sort(sorted);
      System.out.printf(
          Locale.ROOT,
          "%-18s %9.1f %9.1f %9.1f %9.1f %9.1f   %s%n",
          label,
          pct(sorted, 0.50) / 1e3,
          pct(sorted, 0.99) / 1e3,
          pct(sorted, 0.999) / 1e3,
          sorted[sorted.length - 1] / 1e3,
          Arrays.stream(lat).average().orElse(0) / 1e3,
          durableCol);
    } finally {
      deleteTree(base);
    }
  }

  /** Nearest-rank percentile of a sorted array. */
  private static long pct(long[] sorted, double p) {
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  private static void pace(long paceUs) {
    if (paceUs > 0) {
      LockSupport.parkNanos(paceUs * 1_000);
    }
  }

  /** Polls durableIndex and records when it advances. */
  private static final class Watcher extends Thread {
    private final BackupCache cache;
    private final List<long[]> seen = new ArrayList<>(); // {nanoTime, durableIndex}
    volatile boolean stop;

    Watcher(BackupCache cache) {
      super("durable-watcher");
      setDaemon(true);
      this.cache = cache;
    }

    @Override
    public void run() {
      long last = Long.MIN_VALUE;
      while (!stop) {
        long d = cache.durableIndex();
        if (d != last) {
          seen.add(new long[] {System.nanoTime(), d});
          last = d;
        }
        LockSupport.parkNanos(50_000);
      }
    }

    /** p50/p99/max of (first time seen durable - time append returned), in ms. */
    String lagSummary(long[] index, long[] returnedAt) {
      long[] lag = new long[index.length];
      int j = 0;
      for (int i = 0; i < index.length; i++) {
        while (j < seen.size() && seen.get(j)[1] < index[i]) {
          j++;
        }
        lag[i] = j < seen.size() ? Math.max(0, seen.get(j)[0] - returnedAt[i]) : Long.MAX_VALUE;
      }
      Arrays.sort(lag);
      return String.format(
          Locale.ROOT,
          "%.2f / %.2f / %.2f",
          pct(lag, 0.50) / 1e6,
          pct(lag, 0.99) / 1e6,
          lag[lag.length - 1] / 1e6);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            Files.delete(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
