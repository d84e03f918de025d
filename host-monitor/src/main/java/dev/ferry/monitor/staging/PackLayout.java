package dev.ferry.monitor.staging;

import java.util.List;

/**
 * A decoded pack: what its meta section says, with the derived data offsets. Immutable.
 *
 * <p>For a VERSION, the rows are the chunks this save copied and the ranges its pointer table; for
 * a RESIDUE, rows keep their places and {@link ChunkRow#present()} says which bytes are still here.
 */
final class PackLayout {
  static final int KIND_VERSION = 1;
  static final int KIND_RESIDUE = 2;

  private final int kind;
  private final long id;
  private final PathKey key;
  private final long savedAtNanos;
  private final List<ChunkRow> rows;
  private final List<PointerRange> ranges;
  private final long[] offsets;
  private final long presentBytes;
  private final long blockCount;

  PackLayout(
      int kind,
      long id,
      PathKey key,
      long savedAtNanos,
      List<ChunkRow> rows,
      List<PointerRange> ranges) {
    this.kind = kind;
    this.id = id;
    this.key = key;
    this.savedAtNanos = savedAtNanos;
    this.rows = List.copyOf(rows);
    this.ranges = List.copyOf(ranges);
    this.offsets = new long[this.rows.size()];
    long at = PackCodec.PREAMBLE;
    for (int i = 0; i < offsets.length; i++) {
      ChunkRow r = this.rows.get(i);
      offsets[i] = r.present() ? at : -1;
      at += r.present() ? r.length() : 0;
    }
    this.presentBytes = at - PackCodec.PREAMBLE;
    long blocks = 0;
    for (PointerRange r : this.ranges) {
      blocks += r.count();
    }
    this.blockCount = blocks;
  }

  int kind() {
    return kind;
  }

  long id() {
    return id;
  }

  PathKey key() {
    return key;
  }

  long savedAtNanos() {
    return savedAtNanos;
  }

  List<ChunkRow> rows() {
    return rows;
  }

  List<PointerRange> ranges() {
    return ranges;
  }

  /** The file offset of row {@code i}'s bytes, or -1 when the row is absent. */
  long offset(int i) {
    return offsets[i];
  }

  /** Sum of the lengths of the present rows: the data section's length. */
  long presentBytes() {
    return presentBytes;
  }

  long blockCount() {
    return blockCount;
  }

  /** Whether rows {@code [first, first + count)} exist and are all present. */
  boolean holds(int first, int count) {
    if ((long) first + count > rows.size()) {
      return false;
    }
    for (int i = first; i < first + count; i++) {
      if (!rows.get(i).present()) {
        return false;
      }
    }
    return true;
  }

  /** The encoded size of this pack: preamble, present bytes, meta section, trailer. */
  long fileSize() {
    return PackCodec.PREAMBLE
        + presentBytes
        + PackCodec.metaSize(key, rows.size(), ranges.size())
        + PackCodec.TRAILER;
  }
}
