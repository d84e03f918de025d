package dev.ferry.monitor.blockmap;

/**
 * The candidate scan of {@link CutCandidates}: every position of a buffer range whose window hash
 * passes FastCDC's easier mask.
 *
 * <p>Why two lanes: the gear hash is one long dependency chain (shift, add, add per two bytes), so
 * one lane leaves most of the core idle. The range is cut in two halves whose hashes are computed
 * in the same loop; each half starts from the window before it, which is exact because a window
 * hash does not depend on where the scan started. On the build machine this runs about 1.6 times as
 * fast as one lane, which more than pays for scanning the {@code min} bytes at the start of each
 * chunk that a chunk-by-chunk loop skips.
 *
 * <p>Stateless and thread-safe.
 */
final class GearScan {
  private GearScan() {}

  /**
   * Appends to {@code out[n, cap)} every {@code p} in {@code [from, to)} with {@code (W(p) & maskL)
   * == 0}, in increasing order, where the window of {@code p} is taken from the bytes at {@code
   * max(0, p - WINDOW + 1)} and on.
   *
   * @return the new count, or -1 if more than {@code cap - n} were found ({@code out[n, cap)} is
   *     then garbage)
   */
  static int scan(FastCdc cdc, byte[] b, int from, int to, int[] out, int n, int cap) {
    if (to <= from) {
      return n;
    }
    long mask = cdc.maskL();
    long maskLs = mask << 1;
    long[] gear = FastCdc.GEAR;
    long[] gearLs = FastCdc.GEAR_LS;
    int half = ((to - from) / 2) & ~1;
    int mid = from + half;
    long h0 = warmUp(b, from);
    long h1 = warmUp(b, mid);
    int lo = n; // lane 0 fills out[n, lo) upwards
    int hi = cap; // lane 1 fills out[hi, cap) downwards; they must not meet
    int j = mid;
    // Per step, each lane takes two bytes: the first with the table and mask shifted left by one
    // (bit 63 is outside every mask), as FastCdc.nextCut does.
    for (int i = from; i < mid; i += 2, j += 2) {
      h0 = (h0 << 2) + gearLs[b[i] & 0xff];
      h1 = (h1 << 2) + gearLs[b[j] & 0xff];
      if ((h0 & maskLs) == 0) {
        if (lo == hi) {
          return -1;
        }
        out[lo++] = i;
      }
      if ((h1 & maskLs) == 0) {
        if (lo == hi) {
          return -1;
        }
        out[--hi] = j;
      }
      h0 += gear[b[i + 1] & 0xff];
      h1 += gear[b[j + 1] & 0xff];
      if ((h0 & mask) == 0) {
        if (lo == hi) {
          return -1;
        }
        out[lo++] = i + 1;
      }
      if ((h1 & mask) == 0) {
        if (lo == hi) {
          return -1;
        }
        out[--hi] = j + 1;
      }
    }
    for (; j < to; j++) { // lane 1 is up to 3 bytes longer
      h1 = (h1 << 1) + gear[b[j] & 0xff];
      if ((h1 & mask) == 0) {
        if (lo == hi) {
          return -1;
        }
        out[--hi] = j;
      }
    }
    int found1 = cap - hi;
    for (int a = hi, z = cap - 1; a < z; a++, z--) {
      int t = out[a];
      out[a] = out[z];
      out[z] = t;
    }
    System.arraycopy(out, hi, out, lo, found1);
    return lo + found1;
  }

  /** The hash just before {@code p}: over {@code b[max(0, p - WINDOW), p)}. */
  private static long warmUp(byte[] b, int p) {
    long h = 0;
    for (int i = Math.max(0, p - CutCandidates.WINDOW); i < p; i++) {
      h = (h << 1) + FastCdc.GEAR[b[i] & 0xff];
    }
    return h;
  }
}
