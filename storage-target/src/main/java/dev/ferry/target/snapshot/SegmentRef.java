package dev.ferry.target.snapshot;

import dev.ferry.target.ChunkHash;
import java.util.Objects;

/**
 * A root's pointer to one segment file: a run of consecutive entries stored on its own and shared
 * by every snapshot whose run is the same.
 *
 * @param hash SHA-256 of the segment file's bytes, which is also its name
 * @param firstPath the first entry's path: every entry of the segment sorts at or after it and
 *     before the next segment's first path
 * @param entryCount entries in the segment, at least one
 * @param totalBytes the sum of its regular files' sizes
 */
public record SegmentRef(ChunkHash hash, String firstPath, int entryCount, long totalBytes) {
  public SegmentRef {
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(firstPath, "firstPath");
    if (entryCount < 1 || totalBytes < 0) {
      throw new IllegalArgumentException(
          "segment " + hash + ": " + entryCount + " entries, " + totalBytes + " bytes");
    }
  }
}
