package dev.ferry.monitor.state;

import dev.ferry.monitor.blockmap.Block;
import dev.ferry.monitor.blockmap.BlockMap;
import java.util.ArrayList;
import java.util.List;
import net.openhft.hashing.LongHashFunction;

/**
 * A block map in 12 bytes per chunk (a {@link BlockMap} of records holds about 36): the agent keeps
 * the last recorded map of every known file, about 0.02 % of the data size with 64 KiB chunks.
 * Immutable: the arrays are never written after construction, so instances are shared freely
 * between threads (a checkpoint writer encodes them while the detector goes on).
 */
public final class PackedBlocks {
  public static final PackedBlocks EMPTY = new PackedBlocks(new int[0], new long[0], 0);

  private final int[] lengths;
  private final long[] fingerprints;
  private final long size;

  private PackedBlocks(int[] lengths, long[] fingerprints, long size) {
    this.lengths = lengths;
    this.fingerprints = fingerprints;
    this.size = size;
  }

  public static PackedBlocks of(BlockMap map) {
    List<Block> bs = map.blocks();
    if (bs.isEmpty()) {
      return EMPTY;
    }
    int[] lengths = new int[bs.size()];
    long[] fps = new long[bs.size()];
    for (int i = 0; i < lengths.length; i++) {
      lengths[i] = bs.get(i).length();
      fps[i] = bs.get(i).fingerprint();
    }
    return new PackedBlocks(lengths, fps, map.size());
  }

  /**
   * From decoded arrays, taken over (not copied).
   *
   * @throws IllegalArgumentException if the arrays differ in length or a length is not positive
   */
  static PackedBlocks wrap(int[] lengths, long[] fingerprints) {
    if (lengths.length != fingerprints.length) {
      throw new IllegalArgumentException("lengths and fingerprints differ in count");
    }
    long size = 0;
    for (int l : lengths) {
      if (l <= 0) {
        throw new IllegalArgumentException("chunk length not positive: " + l);
      }
      size += l;
    }
    return lengths.length == 0 ? EMPTY : new PackedBlocks(lengths, fingerprints, size);
  }

  public int count() {
    return lengths.length;
  }

  public int length(int i) {
    return lengths[i];
  }

  public long fingerprint(int i) {
    return fingerprints[i];
  }

  /** Sum of the chunk lengths. */
  public long size() {
    return size;
  }

  public BlockMap unpack() {
    List<Block> bs = new ArrayList<>(lengths.length);
    long offset = 0;
    for (int i = 0; i < lengths.length; i++) {
      bs.add(new Block(offset, lengths[i], fingerprints[i]));
      offset += lengths[i];
    }
    return new BlockMap(bs);
  }

  /**
   * XXH3-64 of the chunk lengths and fingerprints in order: what the agent keeps of a block map it
   * no longer holds, to tell whether a file whose inode changed (ctime) still has the same content.
   * Within one file's history a 64-bit digest is ample; it never decides what is stored. Never
   * {@link KnownFile#NO_DIGEST}.
   */
  public long digest() {
    byte[] bytes = new byte[lengths.length * 12];
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes);
    for (int i = 0; i < lengths.length; i++) {
      b.putInt(lengths[i]).putLong(fingerprints[i]);
    }
    long d = LongHashFunction.xx3().hashBytes(bytes);
    return d == KnownFile.NO_DIGEST ? 1 : d;
  }

  /** True if both describe the same chunks (lengths and fingerprints, in order). */
  public boolean sameChunks(PackedBlocks other) {
    return java.util.Arrays.equals(lengths, other.lengths)
        && java.util.Arrays.equals(fingerprints, other.fingerprints);
  }
}
