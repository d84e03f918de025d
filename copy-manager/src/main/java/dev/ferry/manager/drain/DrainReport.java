package dev.ferry.manager.drain;

import java.util.List;

/**
 * What one drain did, as the CLI and the REST API show it.
 *
 * @param snapshotId the snapshot it committed, or null if nothing was due
 */
public record DrainReport(
    String outcome,
    Long snapshotId,
    int recordsRead,
    int filesCopied,
    int filesDeleted,
    int filesSkipped,
    int chunksWritten,
    long bytesWritten,
    int changedSinceRecord,
    long millis,
    List<String> skipped) {

  static DrainReport nothingDue(long millis) {
    return new DrainReport("nothing-due", null, 0, 0, 0, 0, 0, 0, 0, millis, List.of());
  }
}
