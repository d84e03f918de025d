package dev.ferry.monitor.state;

/**
 * What the agent knows of one path: the state it last recorded or scanned, the digest of the block
 * map it last recorded, and, while memory allows, that block map itself.
 *
 * @param state the state when last recorded or scanned; if not {@code exactCtime}, its ctime is
 *     only an upper bound (the savedAt of a format-1 record, which carried no ctime)
 * @param exactCtime whether {@code state.ctimeNanos()} is the file's real ctime
 * @param digest {@link PackedBlocks#digest} of the block map last recorded; {@link #NO_DIGEST} if
 *     the path was only scanned, never recorded, and for links
 * @param blocks the block map last recorded, if still kept ({@link KnownFiles} keeps those of the
 *     files recorded most recently, within a memory budget); null otherwise
 */
public record KnownFile(FileState state, boolean exactCtime, long digest, PackedBlocks blocks) {
  /** The digest of a path never recorded. */
  public static final long NO_DIGEST = 0;

  /** Knowledge from a scan only: nothing recorded. */
  public static KnownFile scanned(FileState state) {
    return new KnownFile(state, true, NO_DIGEST, null);
  }

  /** Knowledge from a record just appended (or replayed) with this block map. */
  public static KnownFile recorded(FileState state, boolean exactCtime, PackedBlocks blocks) {
    if (state.isLink()) {
      return new KnownFile(state, exactCtime, NO_DIGEST, null);
    }
    return new KnownFile(state, exactCtime, blocks.digest(), blocks);
  }

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

  /** The same knowledge with the exact state of a look that found the content unchanged. */
  public KnownFile confirmedAs(FileState exact) {
    return new KnownFile(exact, true, digest, blocks);
  }

  /** The same without the block map (memory budget). */
  KnownFile withoutBlocks() {
    return blocks == null ? this : new KnownFile(state, exactCtime, digest, null);
  }
}
