package dev.ferry.bench;

import dev.ferry.monitor.blockmap.BlockMap;
import dev.ferry.monitor.blockmap.BlockMapper;
import dev.ferry.monitor.blockmap.FastCdc;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import net.openhft.hashing.LongHashFunction;

/**
 * Mapping throughput ({@link BlockMapper#map(Path)}: read + FastCDC + XXH3-64) on one big file, as
 * a ratio to {@code sha256sum} of the same file in the same run.
 *
 * <p>Two modes:
 *
 * <ul>
 *   <li>{@code --write FILE [--size BYTES] [--seed S]}: writes {@code BYTES} (default 1 GiB) of
 *       seeded random bytes ({@link SplittableRandom}) to {@code FILE} and exits.
 *   <li>{@code --file FILE [--rounds N]}: one warm-up pass of every JVM measurement, then {@code N}
 *       rounds (default 3) of, in this order: {@code sha256sum FILE} (wall clock around the child
 *       process, timed here), {@code BlockMapper.map(FILE)}, the JVM's SHA-256 ({@link
 *       MessageDigest}) over the file read the same way (a {@link FileChannel} into a 1 MiB heap
 *       buffer, like {@code BlockMapper}), and a split of the mapping: read only, read + FastCDC
 *       cut points (no hash), read + XXH3-64 over fixed 64 KiB pieces (no chunking).
 * </ul>
 *
 * <p>Throughput is MiB/s with MiB = 2^20 bytes; ratios are throughput ratios (higher = the JVM side
 * is faster). The page cache is expected to be warm (the script {@code cat}s the file first), so
 * this measures CPU, not the disk.
 */
public final class MappingThroughput {
  private static final int BUF = 1 << 20;
  private static final LongHashFunction XXH3 = LongHashFunction.xx3();

  private MappingThroughput() {}

  public static void main(String[] args) throws Exception {
    Path write = null;
    Path file = null;
    long size = 1L << 30;
    long seed = 20261122L;
    int rounds = 3;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--write" -> write = Path.of(args[++i]);
        case "--file" -> file = Path.of(args[++i]);
        case "--size" -> size = Long.parseLong(args[++i]);
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        default -> {
          System.err.println("unknown argument " + args[i]);
          System.exit(2);
        }
      }
    }
    if (write != null) {
      writeFile(write, size, seed);
      return;
    }
    if (file == null) {
      System.err.println("need --write FILE or --file FILE");
      System.exit(2);
    }
    run(file, rounds);
  }

  private static void writeFile(Path file, long size, long seed) throws IOException {
    SplittableRandom rnd = new SplittableRandom(seed);
    byte[] buf = new byte[BUF];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long left = size; left > 0; ) {
        for (int i = 0; i < buf.length; i += 8) {
          long v = rnd.nextLong();
          for (int k = 0; k < 8; k++) {
            buf[i + k] = (byte) (v >>> (8 * k));
          }
        }
        int n = (int) Math.min(left, buf.length);
        out.write(buf, 0, n);
        left -= n;
      }
    }
  }

  private static void run(Path file, int rounds) throws Exception {
    long bytes = Files.size(file);
    BlockMapper mapper = new BlockMapper(FastCdc.standard());
    Passes passes = new Passes();
    System.out.printf(
        Locale.ROOT,
        "file %s, %,d bytes (%.1f MiB); java %s; FastCdc.standard() 16/64/256 KiB%n",
        file,
        bytes,
        bytes / 1048576.0,
        System.getProperty("java.version"));

    // Warm-up: one pass of everything the JVM times (JIT compiles the loops).
    long t0 = System.nanoTime();
    BlockMap warm = mapper.map(file);
    String jvmSha = passes.sha256(file);
    passes.readOnly(file);
    passes.cdcOnly(file);
    passes.xxh3Only(file);
    System.out.printf(
        Locale.ROOT,
        "warm-up: all JVM passes once in %.1f s; %d chunks; JVM SHA-256 %s%n",
        (System.nanoTime() - t0) / 1e9,
        warm.blocks().size(),
        jvmSha);

    System.out.printf(
        Locale.ROOT,
        "%-5s %12s %12s %8s %8s %12s %8s | split MiB/s: %8s %8s %8s%n",
        "round",
        "sha256sum",
        "map",
        "map/sha",
        "chunks",
        "JVM sha256",
        "jsha/sha",
        "read",
        "read+cdc",
        "read+xxh");
    List<double[]> rows = new ArrayList<>();
    for (int r = 1; r <= rounds; r++) {
      long s0 = System.nanoTime();
      String cli = sha256sum(file);
      long sNs = System.nanoTime() - s0;

      long m0 = System.nanoTime();
      BlockMap map = mapper.map(file);
      long mNs = System.nanoTime() - m0;

      long j0 = System.nanoTime();
      String jsha = passes.sha256(file);
      long jNs = System.nanoTime() - j0;
      if (!jsha.equals(cli)) {
        throw new IllegalStateException("sha256sum " + cli + " != JVM " + jsha);
      }

      long r0 = System.nanoTime();
      passes.readOnly(file);
      long rNs = System.nanoTime() - r0;
      long c0 = System.nanoTime();
      int cuts = passes.cdcOnly(file);
      long cNs = System.nanoTime() - c0;
      long x0 = System.nanoTime();
      passes.xxh3Only(file);
      long xNs = System.nanoTime() - x0;
      if (cuts != map.blocks().size()) {
        throw new IllegalStateException("cdc-only " + cuts + " cuts != map " + map.blocks().size());
      }

      int chunks = map.blocks().size();
      double sha = mibs(bytes, sNs);
      double mp = mibs(bytes, mNs);
      double js = mibs(bytes, jNs);
      double[] row = {
        sha,
        mp,
        mp / sha,
        chunks,
        js,
        js / sha,
        mibs(bytes, rNs),
        mibs(bytes, cNs),
        mibs(bytes, xNs)
      };
      rows.add(row);
      System.out.printf(
          Locale.ROOT,
          "%-5d %7.0f MiB/s %7.0f MiB/s %8.2f %8d %7.0f MiB/s %8.2f | %19.0f %8.0f %8.0f%n",
          r,
          row[0],
          row[1],
          row[2],
          chunks,
          row[4],
          row[5],
          row[6],
          row[7],
          row[8]);
      System.out.printf(
          Locale.ROOT,
          "      times: sha256sum %.3f s, map %.3f s, JVM sha256 %.3f s; read %.3f s, read+cdc %.3f"
              + " s, read+xxh3 %.3f s; mean chunk %.1f KiB%n",
          sNs / 1e9,
          mNs / 1e9,
          jNs / 1e9,
          rNs / 1e9,
          cNs / 1e9,
          xNs / 1e9,
          bytes / (double) chunks / 1024);
    }

    String[] names = {
      "sha256sum MiB/s",
      "map MiB/s",
      "ratio map/sha256sum",
      "chunks",
      "JVM SHA-256 MiB/s",
      "ratio JVM-SHA/sha256sum",
      "read only MiB/s",
      "read+FastCDC MiB/s",
      "read+XXH3 MiB/s"
    };
    System.out.println("min–max over " + rounds + " rounds:");
    for (int k = 0; k < names.length; k++) {
      double lo = Double.MAX_VALUE;
      double hi = -Double.MAX_VALUE;
      for (double[] row : rows) {
        lo = Math.min(lo, row[k]);
        hi = Math.max(hi, row[k]);
      }
      String fmt = names[k].startsWith("ratio") ? "  %-24s %.2f–%.2f%n" : "  %-24s %.0f–%.0f%n";
      System.out.printf(Locale.ROOT, fmt, names[k], lo, hi);
    }
    int chunks = (int) rows.get(0)[3];
    System.out.printf(
        Locale.ROOT,
        "  mean chunk size          %.1f KiB (%d chunks)%n",
        bytes / (double) chunks / 1024,
        chunks);
  }

  private static double mibs(long bytes, long nanos) {
    return bytes / 1048576.0 / (nanos / 1e9);
  }

  /** Runs {@code sha256sum FILE} and returns the hex digest. */
  private static String sha256sum(Path file) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder("sha256sum", file.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    byte[] out = p.getInputStream().readAllBytes();
    int rc = p.waitFor();
    if (rc != 0) {
      throw new IOException("sha256sum exited " + rc);
    }
    String s = new String(out, StandardCharsets.US_ASCII);
    return s.substring(0, s.indexOf(' '));
  }

  /** Passes over the file, each reading it the way {@link BlockMapper} does. */
  private static final class Passes {
    private final byte[] buf = new byte[BUF];
    private final FastCdc cdc = FastCdc.standard();
    private long sink;

    interface Body {
      void accept(byte[] buf, int len) throws Exception;
    }

    /** FileChannel into a 1 MiB heap buffer, full buffers except at end of file. */
    private void read(Path file, Body body) throws Exception {
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
        ByteBuffer bb = ByteBuffer.wrap(buf);
        while (true) {
          bb.clear();
          boolean eof = false;
          while (bb.hasRemaining()) {
            if (ch.read(bb) < 0) {
              eof = true;
              break;
            }
          }
          if (bb.position() > 0) {
            body.accept(buf, bb.position());
          }
          if (eof) {
            return;
          }
        }
      }
    }

    String sha256(Path file) throws Exception {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      read(file, (b, n) -> md.update(b, 0, n));
      return HexFormat.of().formatHex(md.digest());
    }

    void readOnly(Path file) throws Exception {
      read(file, (b, n) -> sink += b[n - 1]);
    }

    /** Cut points only, carrying the tail over like BlockMapper; returns the number of chunks. */
    int cdcOnly(Path file) throws Exception {
      int count = 0;
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
        ByteBuffer bb = ByteBuffer.wrap(buf);
        int start = 0;
        boolean eof = false;
        while (true) {
          while (!eof && bb.hasRemaining()) {
            eof = ch.read(bb) < 0;
          }
          int avail = bb.position() - start;
          if (avail == 0 && eof) {
            return count;
          }
          while (avail >= cdc.max() || (eof && avail > 0)) {
            int len = cdc.nextCut(buf, start, avail);
            count++;
            start += len;
            avail -= len;
          }
          System.arraycopy(buf, start, buf, 0, avail);
          bb.position(avail);
          start = 0;
        }
      }
    }

    /** XXH3-64 over fixed 64 KiB pieces (the mean chunk size), no chunking. */
    void xxh3Only(Path file) throws Exception {
      read(
          file,
          (b, n) -> {
            for (int off = 0; off < n; off += 64 * 1024) {
              sink += XXH3.hashBytes(b, off, Math.min(64 * 1024, n - off));
            }
          });
    }
  }
}
