package dev.ferry.manager.catalog;

import dev.ferry.target.SnapshotInfo;
import java.util.List;

/**
 * Everything a drain did, committed to the catalog in one transaction after the target made it
 * durable. {@code referencedChunks} holds every chunk the new versions reference that the drain
 * hashed, with its location on the target, whether this drain wrote it or found it there (left by a
 * drain that died before its catalog commit).
 */
public record DrainOutcome(
    long runId,
    long hostId,
    SnapshotInfo snapshot,
    List<CopiedFile> copied,
    List<String> deletedPaths,
    List<Skipped> skipped,
    List<StoredChunk> referencedChunks,
    int chunksWritten,
    long bytesWritten,
    int recordsRead,
    long positionAfter) {

  /** A file the drain could not copy, and why. */
  public record Skipped(String snapshotPath, String reason) {}
}
