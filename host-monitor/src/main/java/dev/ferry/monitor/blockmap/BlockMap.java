package dev.ferry.monitor.blockmap;

import java.util.List;

/**
 * The chunks of one file version, in file order, with offsets contiguous from 0.
 *
 * @param blocks the chunks; copied into an unmodifiable list
 */
public record BlockMap(List<Block> blocks) {
  /** The block map of an empty (or deleted) file. */
  public static final BlockMap EMPTY = new BlockMap(List.of());

  public BlockMap {
    blocks = List.copyOf(blocks);
    long expected = 0;
    for (int i = 0; i < blocks.size(); i++) {
      Block b = blocks.get(i);
      if (b.offset() != expected) {
        throw new IllegalArgumentException(
            "block " + i + " starts at " + b.offset() + ", expected " + expected);
      }
      expected = b.end();
    }
  }

  /** Total length in bytes: the end of the last chunk, 0 when there are none. */
  public long size() {
    return blocks.isEmpty() ? 0 : blocks.get(blocks.size() - 1).end();
  }
}
