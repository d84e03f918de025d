package dev.ferry.manager.catalog;

import java.time.Instant;
import java.util.List;

/**
 * A file version a drain copied: what the catalog records for it.
 *
 * @param linkTarget for a symbolic link, its target text (and no blocks, size 0, mode 0777); null
 *     for a regular file
 */
public record CopiedFile(
    String root,
    String snapshotPath,
    long size,
    long mtimeNanos,
    int mode,
    long device,
    long inode,
    Instant savedAt,
    List<CopiedBlock> blocks,
    String linkTarget) {

  /** One block of the version, in file order; hash is the SHA-256 of its content. */
  public record CopiedBlock(long offset, int length, long fingerprint, byte[] hash) {}
}
