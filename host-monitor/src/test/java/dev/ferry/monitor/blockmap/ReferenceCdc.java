package dev.ferry.monitor.blockmap;

import java.util.ArrayList;
import java.util.List;

/**
 * FastCDC as the papers write it (2016 Algorithm 2, normalized chunking), one byte per step, with
 * the hash reset at each chunk's {@code min} offset and masks at the top of the word: the oracle
 * the fast paths are compared with. Written from the spec, not from {@link FastCdc}: it shares no
 * code with it, only the gear seed.
 */
final class ReferenceCdc {
  private static final long[] GEAR = gearTable();

  private final int min;
  private final int avg;
  private final int max;
  private final long maskS;
  private final long maskL;

  ReferenceCdc(int min, int avg, int max) {
    this.min = min;
    this.avg = avg;
    this.max = max;
    int bits = (int) Math.round(Math.log(avg) / Math.log(2));
    this.maskS = topBits(bits + 2);
    this.maskL = topBits(Math.max(1, bits - 2));
  }

  static ReferenceCdc of(FastCdc cdc) {
    return new ReferenceCdc(cdc.min(), cdc.avg(), cdc.max());
  }

  /** {@code ones} one-bits ending at bit 62. */
  private static long topBits(int ones) {
    return ((1L << ones) - 1) << (63 - ones);
  }

  /** The length of the chunk starting at {@code off}, {@code len} bytes being left. */
  int cut(byte[] b, int off, int len) {
    if (len <= min) {
      return len;
    }
    int n = Math.min(len, max);
    int normal = Math.min(avg, n);
    long h = 0;
    for (int i = min; i < n; i++) {
      h = (h << 1) + GEAR[b[off + i] & 0xff];
      if ((h & (i < normal ? maskS : maskL)) == 0) {
        return i + 1;
      }
    }
    return n;
  }

  /** Every chunk length of {@code b[0, len)}, in order. */
  List<Integer> cuts(byte[] b, int len) {
    List<Integer> lengths = new ArrayList<>();
    for (int off = 0; off < len; ) {
      int c = cut(b, off, len - off);
      lengths.add(c);
      off += c;
    }
    return lengths;
  }

  private static long[] gearTable() {
    long[] g = new long[256];
    long state = FastCdc.GEAR_SEED;
    for (int i = 0; i < 256; i++) { // SplitMix64
      state += 0x9E3779B97F4A7C15L;
      long z = state;
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      g[i] = z ^ (z >>> 31);
    }
    return g;
  }
}
