package dev.ferry.monitor.blockmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FastCdcTest {
  private static final FastCdc CDC = FastCdc.standard();

  static byte[] random(long seed, int n) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  static List<Integer> cuts(FastCdc cdc, byte[] data) {
    List<Integer> lengths = new ArrayList<>();
    int off = 0;
    while (off < data.length) {
      int len = cdc.nextCut(data, off, Math.min(data.length - off, cdc.max()));
      lengths.add(len);
      off += len;
    }
    return lengths;
  }

  @Test
  void cutPointsAreDeterministic() {
    byte[] data = random(1, 8 << 20);
    assertThat(cuts(CDC, data)).isEqualTo(cuts(FastCdc.standard(), data.clone()));
  }

  @Test
  void cutPointsAreFrozen() {
    // Golden values: a change here changes every stored chunk boundary (see the class javadoc).
    List<Integer> lengths = cuts(CDC, random(42, 1 << 20));
    assertThat(lengths.stream().mapToInt(Integer::intValue).sum()).isEqualTo(1 << 20);
    assertThat(lengths).startsWith(GOLDEN.get(0), GOLDEN.get(1), GOLDEN.get(2));
  }

  private static final List<Integer> GOLDEN = List.of(80830, 71576, 81541);

  @Test
  void everyChunkButTheLastRespectsMinAndMax() {
    List<Integer> lengths = cuts(CDC, random(2, 16 << 20));
    for (int i = 0; i < lengths.size() - 1; i++) {
      assertThat(lengths.get(i)).isBetween(CDC.min(), CDC.max());
    }
    assertThat(lengths.get(lengths.size() - 1)).isBetween(1, CDC.max());
  }

  @Test
  void averageChunkIsNearTheTarget() {
    List<Integer> lengths = cuts(CDC, random(3, 32 << 20));
    double avg = (32 << 20) / (double) lengths.size();
    assertThat(avg).isBetween(CDC.avg() * 0.6, CDC.avg() * 1.4);
  }

  @Test
  void zerosAreCutAtMax() {
    assertThat(cuts(CDC, new byte[1 << 20])).containsOnly(CDC.max());
  }

  @Test
  void shortInputIsOneChunk() {
    assertThat(CDC.nextCut(new byte[100], 0, 100)).isEqualTo(100);
    assertThat(CDC.nextCut(random(4, CDC.min()), 0, CDC.min())).isEqualTo(CDC.min());
  }

  @Test
  void insertNearTheStartChangesOnlyTheFirstChunks() {
    byte[] data = random(5, 8 << 20);
    byte[] edited = new byte[data.length + 7];
    System.arraycopy(data, 0, edited, 0, 1000);
    System.arraycopy(
        "INSERT!".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, edited, 1000, 7);
    System.arraycopy(data, 1000, edited, 1007, data.length - 1000);
    List<Integer> before = cuts(CDC, data);
    List<Integer> after = cuts(CDC, edited);
    assertThat(after.get(0)).isEqualTo(before.get(0) + 7);
    int firstSame = 1;
    assertThat(after.subList(firstSame, after.size()))
        .isEqualTo(before.subList(firstSame, before.size()));
  }

  @Test
  void twoBytesPerIterationCutsLikeTheTextbookOneByteLoop() {
    FastCdc small = new FastCdc(256, 1024, 4096);
    byte[] data = random(6, 1 << 20);
    int off = 0;
    while (off < data.length) {
      int len = Math.min(data.length - off, small.max());
      int cut = small.nextCut(data, off, len);
      assertThat(cut).isEqualTo(textbookCut(data, off, len, 256, 1024, 4096));
      off += cut;
    }
  }

  /** FastCDC 2016 Algorithm 2 with masks from the top of the word, one byte per step. */
  private static int textbookCut(byte[] b, int off, int len, int min, int avg, int max) {
    long[] gear = gearTable();
    int bits = Integer.numberOfTrailingZeros(avg);
    long maskS = ((1L << (bits + 2)) - 1) << (63 - bits - 2);
    long maskL = ((1L << (bits - 2)) - 1) << (63 - bits + 2);
    if (len <= min) {
      return len;
    }
    int n = Math.min(len, max);
    int normal = Math.min(avg, n);
    long h = 0;
    int i = min;
    for (; i < normal; i++) {
      h = (h << 1) + gear[b[off + i] & 0xff];
      if ((h & maskS) == 0) {
        return i + 1;
      }
    }
    for (; i < n; i++) {
      h = (h << 1) + gear[b[off + i] & 0xff];
      if ((h & maskL) == 0) {
        return i + 1;
      }
    }
    return n;
  }

  private static long[] gearTable() {
    long[] g = new long[256];
    long state = FastCdc.GEAR_SEED;
    for (int i = 0; i < 256; i++) {
      state += 0x9E3779B97F4A7C15L;
      long z = state;
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      g[i] = z ^ (z >>> 31);
    }
    return g;
  }

  @Test
  void rejectsInconsistentSizes() {
    assertThatThrownBy(() -> new FastCdc(1024, 512, 4096))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("min < avg < max");
  }
}
