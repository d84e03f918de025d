package dev.ferry.target.disk;

import dev.ferry.target.ChunkHash;
import java.util.Arrays;

/**
 * The chunks some snapshot uses, kept as sorted 64-bit hash prefixes: 8 bytes a distinct chunk
 * (against ~100 for a {@code HashSet<ChunkHash>}), whatever the number of snapshots that reference
 * it. Membership errs one way only: a chunk whose prefix equals a used one's is taken as used (for
 * a million chunks, a chance of about 3·10⁻⁸ that any pair collides), so prune may keep a chunk it
 * could have dropped and never drops one in use. Hand-written: a sorted {@code long[]} is all it
 * needs, and no dependency of ours has a primitive set. Not thread-safe.
 */
final class HashPrefixSet {
  private long[] values = new long[1024];
  private int size;
  private int sortedSize; // values[0, sortedSize) are sorted and distinct

  void add(ChunkHash h) {
    if (size == values.length) {
      compact();
      if (size > values.length / 2) {
        values = Arrays.copyOf(values, values.length * 2);
      }
    }
    values[size++] = h.prefix64();
  }

  /** Sorts and removes duplicates; repeated refs to one chunk collapse here. */
  private void compact() {
    Arrays.sort(values, 0, size);
    int n = 0;
    for (int i = 0; i < size; i++) {
      if (n == 0 || values[i] != values[n - 1]) {
        values[n++] = values[i];
      }
    }
    size = n;
    sortedSize = n;
  }

  /** True if {@code h} is, or may be, in the set; call after the last {@link #add}. */
  boolean mayContain(ChunkHash h) {
    if (sortedSize != size) {
      compact();
    }
    return Arrays.binarySearch(values, 0, size, h.prefix64()) >= 0;
  }

  int size() {
    if (sortedSize != size) {
      compact();
    }
    return size;
  }
}
