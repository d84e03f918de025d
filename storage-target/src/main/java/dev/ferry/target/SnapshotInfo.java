package dev.ferry.target;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The summary of a snapshot, readable without loading its entries.
 *
 * @param fileCount the number of entries of every kind, regular files and symbolic links
 * @param totalBytes the sum of the regular files' sizes (a link has none)
 */
public record SnapshotInfo(
    long id,
    OptionalLong parentId,
    Instant createdAt,
    String host,
    int fileCount,
    long totalBytes) {
  public SnapshotInfo {
    Objects.requireNonNull(parentId, "parentId");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(host, "host");
  }
}
