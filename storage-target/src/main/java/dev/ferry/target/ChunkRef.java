package dev.ferry.target;

import java.util.Objects;

/** One chunk of a file: its hash and its length in bytes (before any future compression). */
public record ChunkRef(ChunkHash hash, int length) {
  public ChunkRef {
    Objects.requireNonNull(hash, "hash");
    if (length < 0) {
      throw new IllegalArgumentException("chunk length must be >= 0, got " + length);
    }
  }
}
