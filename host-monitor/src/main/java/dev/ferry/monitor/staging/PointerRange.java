package dev.ferry.monitor.staging;

/**
 * A run of consecutive blocks of a version held as consecutive rows of one pack.
 *
 * @param owner stage id of the pack holding the rows; 0 = the pack this range is in
 * @param first first row
 * @param count number of blocks (and rows), at least 1
 */
record PointerRange(long owner, int first, int count) {
  static final int BYTES = 16;

  PointerRange {
    if (owner < 0 || first < 0 || count < 1 || (long) first + count > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("bad range " + owner + "/" + first + "/" + count);
    }
  }

  /** The owner's stage id, resolving 0 to {@code self}. */
  long ownerOf(long self) {
    return owner == 0 ? self : owner;
  }
}
