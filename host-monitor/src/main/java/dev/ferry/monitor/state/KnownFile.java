package dev.ferry.monitor.state;

/**
 * What the agent knows of one path: the state it last recorded or scanned, and the block map it
 * last recorded.
 *
 * @param state the state when last recorded or scanned; if not {@code exactCtime}, its ctime is
 *     only an upper bound (the savedAt of a format-1 record, which carried no ctime)
 * @param exactCtime whether {@code state.ctimeNanos()} is the file's real ctime
 * @param blocks the block map last recorded for it; null if only learned by a scan, never recorded
 *     (and always null for links)
 */
public record KnownFile(FileState state, boolean exactCtime, PackedBlocks blocks) {
  /**
   * True if {@code now} is the state this describes. A state with an inexact ctime (an upper bound)
   * matches a file whose ctime is not later than it: a later ctime means the inode changed since.
   */
  public boolean unchanged(FileState now) {
    if (exactCtime) {
      return state.equals(now);
    }
    return state.equalsExceptCtime(now) && now.ctimeNanos() <= state.ctimeNanos();
  }

  /** The same knowledge with the exact state of a scan that found the file unchanged. */
  public KnownFile confirmedAs(FileState exact) {
    return new KnownFile(exact, true, blocks);
  }
}
