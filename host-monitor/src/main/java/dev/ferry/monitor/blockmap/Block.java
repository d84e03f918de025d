package dev.ferry.monitor.blockmap;

/**
 * One content-defined chunk of a file.
 *
 * @param offset byte offset of the chunk in the file
 * @param length chunk length in bytes, always positive
 * @param fingerprint XXH3-64 (seed 0) of the chunk bytes; cheap, NOT collision resistant
 */
public record Block(long offset, int length, long fingerprint) {
  public Block {
    if (offset < 0) {
      throw new IllegalArgumentException("offset < 0: " + offset);
    }
    if (length <= 0) {
      throw new IllegalArgumentException("length <= 0: " + length);
    }
  }

  /** The offset just past this chunk. */
  public long end() {
    return offset + length;
  }
}
