package dev.ferry.monitor.blockmap;

/**
 * FastCDC content-defined chunking (Xia et al., USENIX ATC 2016; IEEE TPDS 2020) with normalized
 * chunking level 2 and the 2020 "roll two bytes per iteration" loop.
 *
 * <p>The gear hash is {@code h = (h << 1) + GEAR[b]}. Cut-point candidates are skipped for the
 * first {@code min} bytes of a chunk; up to {@code avg} the harder mask (log2(avg) + 2 one-bits) is
 * used, after it the easier mask (log2(avg) - 2 one-bits); {@code max} forces a cut. Mask bits sit
 * at bit 62 downwards, so they depend on the last 46–63 bytes only (the window), and bit 63 is
 * free: that makes the two-bytes-per-iteration form (shift by 2, a pre-shifted gear table and mask
 * for the odd byte) give exactly the same cut points as the one-byte loop.
 *
 * <p>The gear table is 256 SplitMix64 outputs from seed {@link #GEAR_SEED}. Changing the seed, the
 * masks or the sizes changes every cut point, so every dedupe opportunity with stored data: treat
 * them as part of the on-disk format.
 *
 * <p>Immutable and thread-safe.
 */
public final class FastCdc {
  /** Seed of the gear table: the ASCII bytes of "FerryCDC". */
  public static final long GEAR_SEED = 0x4665727279434443L;

  /** The gear table; never written after class initialisation. */
  static final long[] GEAR = new long[256];

  /** {@code GEAR[i] << 1}, for the first byte of a two-byte step. */
  static final long[] GEAR_LS = new long[256];

  static {
    long state = GEAR_SEED;
    for (int i = 0; i < 256; i++) {
      state += 0x9E3779B97F4A7C15L;
      long z = state;
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      GEAR[i] = z ^ (z >>> 31);
      GEAR_LS[i] = GEAR[i] << 1;
    }
  }

  private final int min;
  private final int avg;
  private final int max;
  private final long maskS;
  private final long maskSLs;
  private final long maskL;
  private final long maskLLs;

  /** Min 16 KiB, average 64 KiB, max 256 KiB: see src-docs/decisions/0001-chunk-sizes.md. */
  public static FastCdc standard() {
    return new FastCdc(16 * 1024, 64 * 1024, 256 * 1024);
  }

  /**
   * @param min smallest chunk (except the last of a file), at least 64
   * @param avg target average; rounded to the nearest power of two for the masks
   * @param max largest chunk, at most 1 GiB
   */
  public FastCdc(int min, int avg, int max) {
    if (min < 64 || avg <= min || max <= avg || max > (1 << 30)) {
      throw new IllegalArgumentException(
          "need 64 <= min < avg < max <= 1 GiB, got " + min + "/" + avg + "/" + max);
    }
    this.min = min;
    this.avg = avg;
    this.max = max;
    int bits = (int) Math.round(Math.log(avg) / Math.log(2));
    this.maskS = mask(bits + 2);
    this.maskL = mask(Math.max(1, bits - 2));
    this.maskSLs = maskS << 1;
    this.maskLLs = maskL << 1;
  }

  private static long mask(int ones) {
    return ((1L << ones) - 1) << (63 - ones);
  }

  public int min() {
    return min;
  }

  public int avg() {
    return avg;
  }

  public int max() {
    return max;
  }

  @Override
  public String toString() {
    return "FastCdc[" + min + "/" + avg + "/" + max + "]";
  }

  /** The easier mask, used from {@code avg} on; its one-bits are a subset of the harder mask's. */
  long maskL() {
    return maskL;
  }

  /**
   * The length of the next chunk starting at {@code off}.
   *
   * @param len bytes available from {@code off}; pass fewer than {@code max} only at end of input
   * @return a length in {@code [1, len]}; {@code len} itself when {@code len <= min}
   */
  public int nextCut(byte[] buf, int off, int len) {
    if (len <= min) {
      return len;
    }
    int n = Math.min(len, max);
    int normal = Math.min(avg, n);
    long h = 0;
    int i = min;
    for (; i + 1 < normal; i += 2) {
      h = (h << 2) + GEAR_LS[buf[off + i] & 0xff];
      if ((h & maskSLs) == 0) {
        return i + 1;
      }
      h += GEAR[buf[off + i + 1] & 0xff];
      if ((h & maskS) == 0) {
        return i + 2;
      }
    }
    if (i < normal) {
      h = (h << 1) + GEAR[buf[off + i] & 0xff];
      i++;
      if ((h & maskS) == 0) {
        return i;
      }
    }
    for (; i + 1 < n; i += 2) {
      h = (h << 2) + GEAR_LS[buf[off + i] & 0xff];
      if ((h & maskLLs) == 0) {
        return i + 1;
      }
      h += GEAR[buf[off + i + 1] & 0xff];
      if ((h & maskL) == 0) {
        return i + 2;
      }
    }
    return n;
  }

  /**
   * Same as {@link #nextCut(byte[], int, int)}, faster: beyond the first {@link
   * CutCandidates#WINDOW} bytes after {@code min}, only the positions in {@code candidates} are
   * looked at.
   *
   * @param candidates every candidate in {@code [off + min + WINDOW, off + min(len, max))} (more
   *     are fine), as scanned from this buffer's current bytes, and not {@linkplain
   *     CutCandidates#overflowed() overflowed}; its cursor must not be past {@code off + min}
   */
  int nextCut(byte[] buf, int off, int len, CutCandidates candidates) {
    if (len <= min) {
      return len;
    }
    int n = Math.min(len, max);
    int normal = Math.min(avg, n);
    // Until the chunk's hash has taken in a whole window, it differs from the window hash.
    int exact = Math.min(n, min + CutCandidates.WINDOW);
    long h = 0;
    for (int i = min; i < exact; i++) {
      h = (h << 1) + GEAR[buf[off + i] & 0xff];
      if ((h & (i < normal ? maskS : maskL)) == 0) {
        return i + 1;
      }
    }
    int end = off + n;
    for (int p = candidates.firstAtOrAfter(off + exact); p < end; p = candidates.next()) {
      int i = p - off;
      if (i >= normal || (windowHash(buf, p) & maskS) == 0) {
        return i + 1;
      }
    }
    return n;
  }

  /** The hash of the window ending at {@code p}; {@code p >= WINDOW - 1}. */
  private static long windowHash(byte[] buf, int p) {
    long h = 0;
    for (int i = p - CutCandidates.WINDOW + 1; i <= p; i++) {
      h = (h << 1) + GEAR[buf[i] & 0xff];
    }
    return h;
  }
}
