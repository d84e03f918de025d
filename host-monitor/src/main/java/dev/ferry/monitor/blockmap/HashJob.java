package dev.ferry.monitor.blockmap;

import net.openhft.hashing.LongHashFunction;

/**
 * XXH3-64 of every chunk of a round, shared with the helper ({@link SharedWork}): one unit per
 * chunk. The caller's fingerprints go into the mapper's array, the helper's into this job's own.
 *
 * <p>Thread-safety: as {@link SharedWork}; {@link #collect} on the caller, after {@code finish}.
 */
final class HashJob extends SharedWork {
  private static final LongHashFunction XXH3 = LongHashFunction.xx3();

  private final byte[] buf;
  private final int[] start;
  private final int[] length;
  private final long[] callerFingerprint;
  private final long[] helperFingerprint;

  HashJob(byte[] buf, int[] start, int[] length, int chunks, long[] callerFingerprint) {
    super(chunks);
    this.buf = buf;
    this.start = start;
    this.length = length;
    this.callerFingerprint = callerFingerprint;
    this.helperFingerprint = new long[chunks];
  }

  static long hash(byte[] buf, int off, int len) {
    return XXH3.hashBytes(buf, off, len);
  }

  @Override
  void unit(int k, boolean byHelper) {
    long fp = hash(buf, start[k], length[k]);
    if (byHelper) {
      helperFingerprint[k] = fp;
    } else {
      callerFingerprint[k] = fp;
    }
  }

  /** After {@code finish(chunks, …)}: copies the helper's fingerprints into the caller's array. */
  void collect(int chunks) {
    for (int k = 0; k < chunks; k++) {
      if (byHelper(k)) {
        callerFingerprint[k] = helperFingerprint[k];
      }
    }
  }
}
