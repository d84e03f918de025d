package dev.ferry.bench;

import dev.ferry.monitor.HostMonitor;
import dev.ferry.monitor.MonitorConfig;
import dev.ferry.monitor.MonitorListener;
import dev.ferry.monitor.blockmap.BlockMapper;
import dev.ferry.monitor.blockmap.FastCdc;
import dev.ferry.monitor.journal.BackupCache;
import dev.ferry.monitor.journal.ChangeKind;
import dev.ferry.monitor.journal.ChangeRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Save→record latency of a real {@link HostMonitor}: {@code appendedAtNanos - savedAtNanos} for
 * saves done the way editors do them (write {@code .name.tmp}, then rename it into place).
 *
 * <p>{@code savedAtNanos} is taken when the detector judges the file saved, before it maps the
 * file, so the figure is mapping + append + hand-off; it excludes the detector's grace wait
 * (SaveDetector.GRACE) that a rename into place goes through first.
 *
 * <p>Usage: {@code SaveLatency [--saves N] [--warmup N] [--seed S] [--pace-ms MS]}. Exits 1 if the
 * record count is not exactly the save count.
 */
public final class SaveLatency {
  private static final int MIN_SIZE = 4 * 1024;
  private static final int MAX_SIZE = 1024 * 1024;
  private static final long[] BAND_LIMITS = {64 * 1024, 256 * 1024, 1024 * 1024};
  private static final String[] BAND_NAMES = {"<=64 KiB", "<=256 KiB", "<=1 MiB"};

  private final Map<String, Long> latencies = new ConcurrentHashMap<>();
  private final Map<String, Long> sinceDetected = new ConcurrentHashMap<>();
  private final Map<String, String> unexpected = new ConcurrentHashMap<>();

  private SaveLatency() {}

  public static void main(String[] args) throws Exception {
    int saves = 1000;
    int warmup = 200;
    long seed = 20261122L;
    double paceMs = 5.0;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--saves" -> saves = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--pace-ms" -> paceMs = Double.parseDouble(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
      }
    }
    Path base = Files.createTempDirectory("ferry-save-latency-");
    int rc = 1;
    try {
      rc = new SaveLatency().run(base, saves, warmup, seed, (long) (paceMs * 1e6));
    } catch (Exception | Error e) {
      System.err.println("save-latency " + e.getMessage());
      e.printStackTrace();
    } finally {
      deleteTree(base);
    }
    System.exit(rc); // Chronicle may leave non-daemon threads behind
  }

  private int run(Path base, int saves, int warmup, long seed, long paceNanos) throws Exception {
    Path root = Files.createDirectories(base.resolve("root"));
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] warmSizes = sizes(rnd, warmup);
    int[] sizes = sizes(rnd, saves);
    System.out.printf(
        Locale.ROOT,
        "save-latency: %d saves (+%d warm-up saves, not counted), %d B..%d B log-uniform,"
            + " seed %d, one save every %.1f ms, root %s%n",
        saves,
        warmup,
        MIN_SIZE,
        MAX_SIZE,
        seed,
        paceNanos / 1e6,
        root);
    MonitorListener listener = this::recorded;
    try (BackupCache cache = BackupCache.open(base.resolve("cache"));
        HostMonitor monitor =
            new HostMonitor(
                new MonitorConfig("bench", List.of(root), null, base.resolve("state")),
                cache,
                listener)) {
      monitor.start();
      Thread.sleep(200); // settle: watches registered, initial scan of the empty root done
      byte[] content = new byte[MAX_SIZE];
      saveAll(root, "w-", warmSizes, rnd, content, paceNanos);
      awaitExactly(warmup, "w-");
      latencies.clear();
      sinceDetected.clear();
      saveAll(root, "s-", sizes, rnd, content, paceNanos);
      awaitExactly(saves, "s-");
    }
    long[] lat = new long[saves];
    long[] detected = new long[saves];
    for (int i = 0; i < saves; i++) {
      lat[i] = latencies.get(name("s-", i));
      detected[i] = sinceDetected.get(name("s-", i));
    }
    System.out.println();
    System.out.println("save->record (appendedAtNanos - savedAtNanos: map + append), ms:");
    printTable(sizes, lat);
    long[] mapping = mapAlone(root, warmSizes.length, sizes);
    System.out.println();
    System.out.println(
        "mapping alone (BlockMapper.map on the same files afterwards, hot cache), ms:");
    printTable(sizes, mapping);
    System.out.println();
    System.out.println(
        "for context, first event->record (includes the 100 ms rename grace wait), ms:");
    printTable(sizes, detected);
    return 0;
  }

  private void recorded(ChangeRecord r, long index, long appendedAtNanos) {
    if (r.kind() != ChangeKind.CREATED || r.path().contains("/")) {
      unexpected.put(r.path(), r.kind().toString());
      return;
    }
    if (latencies.putIfAbsent(r.path(), appendedAtNanos - r.savedAtNanos()) != null) {
      unexpected.put(r.path(), "duplicate " + r.kind());
    }
    sinceDetected.put(r.path(), appendedAtNanos - r.detectedAtNanos());
  }

  private static int[] sizes(SplittableRandom rnd, int n) {
    double lo = Math.log(MIN_SIZE);
    double hi = Math.log(MAX_SIZE);
    int[] s = new int[n];
    for (int i = 0; i < n; i++) {
      s[i] = (int) Math.min(MAX_SIZE, Math.round(Math.exp(lo + rnd.nextDouble() * (hi - lo))));
    }
    return s;
  }

  private static String name(String prefix, int i) {
    return String.format(Locale.ROOT, "%s%05d.bin", prefix, i);
  }

  /** Editor-style saves: write {@code .name.tmp}, then rename it over {@code name}, paced. */
  private static void saveAll(
      Path root, String prefix, int[] sizes, SplittableRandom rnd, byte[] content, long pace)
      throws IOException {
    long t0 = System.nanoTime();
    for (int i = 0; i < sizes.length; i++) {
      long due = t0 + i * pace;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      fill(rnd, content, sizes[i]);
      String name = name(prefix, i);
      Path tmp = root.resolve("." + name + ".tmp");
      Files.write(tmp, Arrays.copyOf(content, sizes[i]));
      Files.move(tmp, root.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }
  }

  private static void fill(SplittableRandom rnd, byte[] b, int len) {
    for (int i = 0; i < len; i += 8) {
      long v = rnd.nextLong();
      for (int k = 0; k < 8 && i + k < len; k++) {
        b[i + k] = (byte) (v >>> (8 * k));
      }
    }
  }

  /** Waits for {@code n} records of files named {@code prefix…}; fails on fewer, more or others. */
  private void awaitExactly(int n, String prefix) throws InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (latencies.size() < n && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    Thread.sleep(3000); // late duplicates (a settle time of 2 s) would show up in here
    long got = latencies.keySet().stream().filter(p -> p.startsWith(prefix)).count();
    if (got != n || latencies.size() != n || !unexpected.isEmpty()) {
      throw new IllegalStateException(
          String.format(
              Locale.ROOT,
              "FAILED: %d saves of %s* produced %d such records (%d in all) and %d unexpected"
                  + " records %s",
              n,
              prefix,
              got,
              latencies.size(),
              unexpected.size(),
              unexpected));
    }
    System.out.printf(Locale.ROOT, "%s*: %d saves -> %d records, as expected%n", prefix, n, got);
  }

  /** Maps the warm-up files (not timed), then times one map of each measured file. */
  private static long[] mapAlone(Path root, int warmup, int[] sizes) throws IOException {
    BlockMapper mapper = new BlockMapper(FastCdc.standard());
    for (int i = 0; i < warmup; i++) {
      mapper.map(root.resolve(name("w-", i)));
    }
    long[] t = new long[sizes.length];
    for (int i = 0; i < sizes.length; i++) {
      Path f = root.resolve(name("s-", i));
      long start = System.nanoTime();
      long size = mapper.map(f).size();
      t[i] = System.nanoTime() - start;
      if (size != sizes[i]) {
        throw new IllegalStateException("FAILED: mapped " + size + " B of " + f);
      }
    }
    return t;
  }

  private static void printTable(int[] sizes, long[] nanos) {
    System.out.printf(
        Locale.ROOT, "  %-10s %5s %9s %9s %9s %9s%n", "band", "n", "p50", "p99", "p99.9", "max");
    printRow("all", nanos);
    long lower = 0;
    for (int b = 0; b < BAND_LIMITS.length; b++) {
      List<Long> in = new ArrayList<>();
      for (int i = 0; i < sizes.length; i++) {
        if (sizes[i] > lower && sizes[i] <= BAND_LIMITS[b]) {
          in.add(nanos[i]);
        }
      }
      printRow(BAND_NAMES[b], in.stream().mapToLong(Long::longValue).toArray());
      lower = BAND_LIMITS[b];
    }
  }

  private static void printRow(String band, long[] nanos) {
    long[] s = nanos.clone();
    Arrays.sort(s);
    System.out.printf(
        Locale.ROOT,
        "  %-10s %5d %9.3f %9.3f %9.3f %9.3f%n",
        band,
        s.length,
        pct(s, 50),
        pct(s, 99),
        pct(s, 99.9),
        s.length == 0 ? Double.NaN : s[s.length - 1] / 1e6);
  }

  /** Nearest-rank percentile, in ms. */
  private static double pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p * sorted.length / 100.0 - 1e-9);
    return sorted[Math.max(0, rank - 1)] / 1e6;
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
            Files.delete(f);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
            if (e != null) {
              throw new UncheckedIOException(e);
            }
            Files.delete(d);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
