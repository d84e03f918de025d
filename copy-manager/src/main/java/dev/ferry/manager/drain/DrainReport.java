package dev.ferry.manager.drain;

import java.util.List;

/**
 * What one drain did, as the CLI and the REST API show it.
 *
 * @param snapshotId the snapshot it committed, or null if nothing was due
 * @param recordsDamaged journal records that could not be decoded and were passed over
 * @param bytesRead bytes read from source files (blocks the previous version had are not read)
 */
public record DrainReport(
    String outcome,
    Long snapshotId,
    int recordsRead,
    int recordsDamaged,
    int filesCopied,
    int filesDeleted,
    int filesSkipped,
    int chunksWritten,
    long bytesRead,
    long bytesWritten,
    int changedSinceRecord,
    long millis,
    List<String> skipped) {

  static DrainReport nothingDue(int recordsDamaged, long millis) {
    return new DrainReport(
        "nothing-due", null, 0, recordsDamaged, 0, 0, 0, 0, 0, 0, 0, millis, List.of());
  }
}
