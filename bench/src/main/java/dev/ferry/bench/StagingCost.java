package dev.ferry.bench;

import dev.ferry.monitor.blockmap.BlockMapper;
import dev.ferry.monitor.blockmap.FastCdc;
import dev.ferry.monitor.staging.StageWriter;
import dev.ferry.monitor.staging.StagingStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Cost per save of staging (dev.ferry.monitor.staging) for 64 KiB, 1 MiB and 16 MiB files: the
 * whole save path (map + stage + commit with its fsyncs) for a first, full stage and for a save
 * with one chunk changed, against mapping alone and against {@code cp} / {@code dd conv=fsync} of
 * the same bytes in the same run. Also the alternatives of decision 0006: one file per chunk (fsync
 * each) instead of one pack per version, and SHA-256 of every chunk instead of only copies.
 *
 * <p>Arguments: {@code --tmp DIR} (where the files and stores go: the disk measured), {@code --seed
 * S}, {@code --reps-scale X} (multiplies the repetitions: 200 / 60 / 15 by size). Times are medians
 * and p90 in milliseconds over the repetitions, wall clock, page cache warm (the file was just
 * written, as at save time).
 */
public final class StagingCost {
  private static final int[] SIZES = {64 << 10, 1 << 20, 16 << 20};
  private static final int[] REPS = {200, 60, 15};

  private StagingCost() {}

  public static void main(String[] args) throws Exception {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    long seed = 20261201L;
    double scale = 1;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--tmp" -> tmp = Path.of(args[++i]);
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--reps-scale" -> scale = Double.parseDouble(args[++i]);
        default -> {
          System.err.println("unknown argument " + args[i]);
          System.exit(2);
        }
      }
    }
    Path work = Files.createTempDirectory(tmp, "ferry-staging-cost");
    try {
      System.out.printf(
          Locale.ROOT, "java %s; work folder %s%n", System.getProperty("java.version"), work);
      for (int i = 0; i < SIZES.length; i++) {
        new Run(work.resolve("s" + i), SIZES[i], Math.max(3, (int) (REPS[i] * scale)), seed)
            .measure();
      }
      new EvictionRun(work.resolve("evict"), seed).measure();
    } finally {
      BenchFiles.deleteTree(work);
    }
  }

  static byte[] random(long seed, int size) {
    byte[] b = new byte[size];
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < size; i += 8) {
      long v = r.nextLong();
      for (int k = 0; k < 8 && i + k < size; k++) {
        b[i + k] = (byte) (v >>> (8 * k));
      }
    }
    return b;
  }

  static long stage(StagingStore s, BlockMapper m, Path file, String path) throws IOException {
    return stageCounting(s, m, file, path)[0];
  }

  /** Stages {@code file}; returns the stage id and the chunks it copied. */
  static long[] stageCounting(StagingStore s, BlockMapper m, Path file, String path)
      throws IOException {
    try (StageWriter w = s.begin("/bench", path)) {
      m.map(file, w);
      return new long[] {w.commit(), w.copiedChunks()};
    }
  }

  /** One file size: every measure, interleaved per repetition. */
  private static final class Run {
    private final Path dir;
    private final int size;
    private final int reps;
    private final long seed;
    private final BlockMapper mapper = new BlockMapper(FastCdc.standard());
    private final Samples map = new Samples("map only (what every save costs today)");
    private final Samples full = new Samples("map + stage, first (full) stage");
    private final Samples delta = new Samples("map + stage, one chunk changed");
    private final Samples cp = new Samples("cp of the file (process)");
    private final Samples dd = new Samples("dd conv=fsync of the file (process)");
    private final Samples spawn = new Samples("process spawn alone (true)");
    private final Samples chunkFiles = new Samples("alt: map + one file per chunk, fsync each");
    private final Samples shaAll = new Samples("alt: map + SHA-256 of every chunk");

    Run(Path dir, int size, int reps, long seed) {
      this.dir = dir;
      this.size = size;
      this.reps = reps;
      this.seed = seed;
    }

    void measure() throws Exception {
      Files.createDirectories(dir);
      byte[] cur = random(seed + size, size);
      Path file = Files.write(dir.resolve("file.bin"), cur);
      Path edited = dir.resolve("edited.bin");
      SplittableRandom r = new SplittableRandom(seed);
      long fullBytes = 0;
      long deltaBytes = 0;
      long deltaChunks = 0;
      try (StagingStore s = StagingStore.open(dir.resolve("store"), 1L << 40)) {
        long prev = stage(s, mapper, file, "delta");
        for (int i = -5; i < reps; i++) { // 5 uncounted warm-up repetitions
          boolean count = i >= 0;
          map.time(count, () -> mapper.map(file));
          long used = s.usage().usedBytes();
          int n = i;
          full.time(count, () -> stage(s, mapper, file, "full/" + n));
          fullBytes = s.usage().usedBytes() - used;
          cur = cur.clone();
          cur[r.nextInt(size - 8)] ^= 0x5a;
          Files.write(edited, cur);
          used = s.usage().usedBytes();
          long[] id = new long[1];
          long[] res = new long[2];
          delta.time(
              count,
              () -> System.arraycopy(stageCounting(s, mapper, edited, "delta"), 0, res, 0, 2));
          id[0] = res[0];
          deltaChunks = Math.max(deltaChunks, res[1]);
          deltaBytes = s.usage().usedBytes() - used;
          s.release(prev); // as the copy manager would: the store holds a base and the newest
          prev = id[0];
          cp.time(count, () -> run("cp", file.toString(), dir.resolve("cp.bin").toString()));
          dd.time(
              count,
              () ->
                  run(
                      "dd",
                      "if=" + file,
                      "of=" + dir.resolve("dd.bin"),
                      "bs=1M",
                      "conv=fsync",
                      "status=none"));
          spawn.time(count, () -> run("true"));
          chunkFiles.time(count, () -> chunkFiles(file, dir.resolve("chunks" + n)));
          BenchFiles.deleteTree(dir.resolve("chunks" + n));
          shaAll.time(count, () -> shaAll(file));
        }
      }
      System.out.printf(
          Locale.ROOT,
          "%n== %s file, %d repetitions: pack bytes full %,d, last delta %,d; deltas copied at most"
              + " %d chunk(s)%n",
          human(size),
          reps,
          fullBytes,
          deltaBytes,
          deltaChunks);
      for (Samples x : new Samples[] {map, full, delta, cp, dd, spawn, chunkFiles, shaAll}) {
        x.print();
      }
      System.out.printf(
          Locale.ROOT,
          "ratios of medians: full/cp %.2f, full/dd %.2f, delta/cp %.2f, delta/dd %.2f, delta/map"
              + " %.2f, (delta-map)/(dd) %.2f, chunk-files/full %.2f%n",
          full.median() / cp.median(),
          full.median() / dd.median(),
          delta.median() / cp.median(),
          delta.median() / dd.median(),
          delta.median() / map.median(),
          (delta.median() - map.median()) / dd.median(),
          chunkFiles.median() / full.median());
    }

    /** The rejected layout: every chunk its own durable file. */
    private void chunkFiles(Path file, Path out) throws IOException {
      Files.createDirectories(out);
      MessageDigest sha = BenchFiles.sha256();
      mapper.map(
          file,
          (offset, buf, off, len, fp) -> {
            sha.update(buf, off, len);
            Path f = out.resolve(HexFormat.of().formatHex(sha.digest()));
            try (FileChannel ch =
                FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
              ch.write(ByteBuffer.wrap(buf, off, len));
              ch.force(true);
            }
          });
      BenchFiles.fsyncDir(out);
    }

    private void shaAll(Path file) throws IOException {
      MessageDigest sha = BenchFiles.sha256();
      mapper.map(
          file,
          (offset, buf, off, len, fp) -> {
            sha.update(buf, off, len);
            sha.digest();
          });
    }
  }

  static void run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).inheritIO().start();
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", cmd) + " failed");
    }
  }

  static String human(long bytes) {
    return bytes >= 1 << 20 ? (bytes >> 20) + " MiB" : (bytes >> 10) + " KiB";
  }
}
