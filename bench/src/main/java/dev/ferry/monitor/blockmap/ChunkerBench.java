package dev.ferry.monitor.blockmap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH micro-benchmarks of the chunker on one buffer of random bytes, average time per call: the
 * chunk-by-chunk loop ({@link FastCdc#nextCut(byte[], int, int)}), the candidate scan alone, the
 * scan plus picking cuts among candidates, and {@link BlockMapper#map} of a file of that size in
 * the page cache, on the caller's thread alone and with the helper thread. In this package (in the
 * bench jar) to reach the package-private parts. Run: {@code bench/chunker-jmh.sh}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ChunkerBench {
  @Param({"65536", "1048576"})
  public int size;

  private final FastCdc cdc = FastCdc.standard();
  private byte[] data;
  private CutCandidates candidates;
  private Path file;
  private BlockMapper alone;
  private BlockMapper helped;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    data = new byte[size];
    SplittableRandom rnd = new SplittableRandom(20261201);
    for (int i = 0; i < size; i++) {
      data[i] = (byte) rnd.nextInt();
    }
    candidates = new CutCandidates(Math.max(1024, size / 128));
    file = Files.createTempFile("ferry-chunker-bench", ".bin");
    Files.write(file, data);
    alone = new BlockMapper(cdc, null);
    helped = new BlockMapper(cdc);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    Files.deleteIfExists(file);
  }

  /** The loop before the candidate scan; returns the chunk count. */
  @Benchmark
  public int chunkByChunk() {
    int chunks = 0;
    for (int off = 0; off < size; chunks++) {
      off += cdc.nextCut(data, off, Math.min(size - off, cdc.max()));
    }
    return chunks;
  }

  @Benchmark
  public int scanOnly() {
    candidates.clear();
    candidates.scan(cdc, data, 0, size);
    return candidates.count();
  }

  @Benchmark
  public int scanAndPick() {
    candidates.clear();
    candidates.scan(cdc, data, Math.min(cdc.min(), size), size);
    int chunks = 0;
    for (int off = 0; off < size; chunks++) {
      off += cdc.nextCut(data, off, Math.min(size - off, cdc.max()), candidates);
    }
    return chunks;
  }

  @Benchmark
  public BlockMap mapAlone() throws IOException {
    return alone.map(file);
  }

  @Benchmark
  public BlockMap mapHelped() throws IOException {
    return helped.map(file);
  }
}
