package dev.ferry.monitor.blockmap;

/**
 * Whether a mapper should offer its next job to the {@link HelperThread}: not for a while after a
 * job that the helper did not speed up, for twice as long each time it fails again (up to {@link
 * #MAX_SKIP} jobs), so that a machine whose other cores are busy is left alone and probed now and
 * then.
 *
 * <p>Why: offering costs a wake-up, and on the shared 2-core build machine, with the second core
 * taken by other processes, the woken helper competed with its caller for one core: a 1 MiB map
 * went from 0.7 ms to several ms at p99 (measured with the helper always on).
 *
 * <p>Not thread-safe: one per mapper.
 */
final class HelperBackoff {
  static final int MAX_SKIP = 256;

  private int skip;
  private int nextSkip = 1;

  /** True if the next job should be offered; counts a skipped job otherwise. */
  boolean offerNext() {
    if (skip > 0) {
      skip--;
      return false;
    }
    return true;
  }

  /** After an offered job: whether the helper made it faster than the caller alone would have. */
  void helped(boolean helped) {
    if (helped) {
      nextSkip = 1;
    } else {
      skip = nextSkip;
      nextSkip = Math.min(MAX_SKIP, 2 * nextSkip);
    }
  }
}
