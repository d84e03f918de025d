package dev.ferry.bench;

import com.github.luben.zstd.ZstdCompressCtx;
import dev.ferry.monitor.blockmap.FastCdc;
import dev.ferry.target.ChunkHash;
import dev.ferry.target.Compression;
import dev.ferry.target.container.ChunkCompressor;
import dev.ferry.target.container.ChunkDecoder;
import dev.ferry.target.container.ContainerEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Chunk compression as the disk target does it: one file's bytes cut by {@link FastCdc#standard()},
 * each chunk through {@link ChunkCompressor} (one context for all, the 1/32 incompressible rule)
 * and the kept frames back through {@link ChunkDecoder}, per zstd level.
 *
 * <p>{@code --file FILE [--levels 1,3,...] [--rounds N]}: one warm-up pass per level, then {@code
 * N} rounds (default 3); prints, per level, stored/plain ratio (plain ÷ stored, as {@code zstd}
 * reports it), the share of chunks kept compressed, and compress and decompress MiB/s of plain
 * bytes, min–max over the rounds. Level {@code none} is the plain copy the target does without
 * compression (the reference for "cost of compressing"). The script compares with the {@code zstd}
 * tool's own benchmark on the same file in the same run.
 */
public final class CompressionThroughput {
  private CompressionThroughput() {}

  private record Chunk(int off, int len) {}

  private record Pass(long stored, int kept, long compressNanos, long decompressNanos) {}

  public static void main(String[] args) throws IOException {
    Path file = null;
    String levels = "none,-5,-1,1,3,6,9";
    int rounds = 3;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--file" -> file = Path.of(args[++i]);
        case "--levels" -> levels = args[++i];
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    if (file == null) {
      throw new IllegalArgumentException("--file FILE is required");
    }
    byte[] data = Files.readAllBytes(file);
    List<Chunk> chunks = cut(data);
    System.out.printf(
        Locale.ROOT,
        "%s: %,d bytes, %,d chunks (mean %,d bytes)%n",
        file.getFileName(),
        data.length,
        chunks.size(),
        data.length / Math.max(1, chunks.size()));
    thresholdStudy(data, chunks);
    System.out.println("level | ratio | kept | compress MiB/s | decompress MiB/s");
    for (String level : levels.split(",")) {
      Compression c = level.equals("none") ? Compression.NONE : Compression.parse("zstd:" + level);
      run(data, chunks, c);
      List<Pass> passes = new ArrayList<>();
      for (int r = 0; r < rounds; r++) {
        passes.add(run(data, chunks, c));
      }
      report(level, data.length, chunks.size(), passes);
    }
  }

  private static List<Chunk> cut(byte[] data) {
    FastCdc cdc = FastCdc.standard();
    List<Chunk> out = new ArrayList<>();
    for (int off = 0; off < data.length; ) {
      int len = cdc.nextCut(data, off, Math.min(data.length - off, cdc.max()));
      out.add(new Chunk(off, len));
      off += len;
    }
    return out;
  }

  /** Compresses every chunk, then decodes every kept frame; the stored bytes are kept between. */
  private static Pass run(byte[] data, List<Chunk> chunks, Compression c) {
    List<byte[]> frames = new ArrayList<>(chunks.size());
    long stored = 0;
    int kept = 0;
    long t0 = System.nanoTime();
    try (ChunkCompressor compressor = new ChunkCompressor(c)) {
      for (Chunk ch : chunks) {
        ChunkCompressor.Encoded e = compressor.encode(data, ch.off(), ch.len());
        // A copy either way: the target copies each encoded chunk into its container buffer.
        frames.add(Arrays.copyOfRange(e.buf(), e.off(), e.off() + e.length()));
        stored += e.length();
        kept += e.flags() != 0 ? 1 : 0;
      }
    }
    long t1 = System.nanoTime();
    long sink = 0;
    try (ChunkDecoder decoder = new ChunkDecoder()) {
      for (int i = 0; i < chunks.size(); i++) {
        byte[] f = frames.get(i);
        int plain = chunks.get(i).len();
        int flags = f.length == plain ? 0 : 1;
        ContainerEntry row = new ContainerEntry(DUMMY, 0, f.length, plain, flags, 0);
        try {
          sink += decoder.decode(row, f, "bench")[plain / 2];
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    long t2 = System.nanoTime();
    if (sink == Long.MIN_VALUE) {
      System.out.println(sink); // keeps the decoded bytes observable
    }
    return new Pass(stored, kept, t1 - t0, t2 - t1);
  }

  /**
   * What the 1/32 rule gives up at the default level: chunks whose frame is smaller than the plain
   * bytes but saves less than 1/32, and the bytes keeping them would save.
   */
  private static void thresholdStudy(byte[] data, List<Chunk> chunks) {
    int between = 0;
    long lost = 0;
    long stored = 0;
    try (ZstdCompressCtx ctx = new ZstdCompressCtx()) {
      ctx.setLevel(Compression.DEFAULT_LEVEL);
      for (Chunk ch : chunks) {
        byte[] plain = Arrays.copyOfRange(data, ch.off(), ch.off() + ch.len());
        int n = ctx.compress(plain).length;
        boolean kept = n <= ch.len() - (ch.len() + 31) / 32;
        stored += kept ? n : ch.len();
        if (!kept && n < ch.len()) {
          between++;
          lost += ch.len() - n;
        }
      }
    }
    System.out.printf(
        Locale.ROOT,
        "1/32 rule at level %d: %d chunks (%.1f%%) smaller but under 1/32 stored plain,"
            + " giving up %,d bytes (%.2f%% of what is stored)%n",
        Compression.DEFAULT_LEVEL,
        between,
        100.0 * between / chunks.size(),
        lost,
        100.0 * lost / stored);
  }

  private static final ChunkHash DUMMY = ChunkHash.of(new byte[0], 0, 0);

  private static void report(String level, long plain, int chunks, List<Pass> passes) {
    Pass first = passes.get(0);
    double mib = plain / (double) (1 << 20);
    double cMin = Double.MAX_VALUE;
    double cMax = 0;
    double dMin = Double.MAX_VALUE;
    double dMax = 0;
    for (Pass p : passes) {
      double cs = mib / (p.compressNanos() / 1e9);
      double ds = mib / (p.decompressNanos() / 1e9);
      cMin = Math.min(cMin, cs);
      cMax = Math.max(cMax, cs);
      dMin = Math.min(dMin, ds);
      dMax = Math.max(dMax, ds);
    }
    System.out.printf(
        Locale.ROOT,
        "%s | %.3f | %.1f%% | %,.0f–%,.0f | %,.0f–%,.0f%n",
        level,
        plain / (double) first.stored(),
        100.0 * first.kept() / chunks,
        cMin,
        cMax,
        dMin,
        dMax);
  }
}
