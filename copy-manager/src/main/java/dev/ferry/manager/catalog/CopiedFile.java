package dev.ferry.manager.catalog;

import java.time.Instant;
import java.util.List;

/** A file version a drain copied: what the catalog records for it. */
public record CopiedFile(
    String root,
    String snapshotPath,
    long size,
    long mtimeNanos,
    int mode,
    long device,
    long inode,
    Instant savedAt,
    List<CopiedBlock> blocks) {

  /** One block of the version, in file order; hash is the SHA-256 of its content. */
  public record CopiedBlock(long offset, int length, long fingerprint, byte[] hash) {}
}
