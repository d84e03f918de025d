package dev.ferry.manager.drain;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.ArrayList;
import java.util.List;

/**
 * What one drain did, as the CLI and the REST API show it. A drain may commit several snapshots
 * (every-save versions each need one); the figures are then summed over them.
 *
 * @param snapshotId the newest snapshot it committed, or null if nothing was due
 * @param snapshots how many snapshots it committed
 * @param recordsDamaged journal records that could not be decoded and were passed over
 * @param bytesRead bytes read from source files and staged versions (blocks the previous version
 *     had are not read)
 * @param versionsLost every-save versions whose staged copy was gone (evicted over the quota) or
 *     damaged, copied as the file was at the drain instead
 * @param more records are still due after this one (an every-save boundary): the drain goes on
 */
public record DrainReport(
    String outcome,
    Long snapshotId,
    int snapshots,
    int recordsRead,
    int recordsDamaged,
    int filesCopied,
    int filesDeleted,
    int filesSkipped,
    int chunksWritten,
    long bytesRead,
    long bytesWritten,
    int changedSinceRecord,
    int versionsLost,
    long millis,
    List<String> skipped,
    @JsonIgnore boolean more) {

  static DrainReport nothingDue(int recordsDamaged, long millis) {
    return new DrainReport(
        "nothing-due",
        null,
        0,
        0,
        recordsDamaged,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        millis,
        List.of(),
        false);
  }

  /** This drain followed by {@code next} (its next snapshot), as one drain. */
  DrainReport then(DrainReport next) {
    if (next.snapshotId() == null) {
      return new DrainReport(
          outcome,
          snapshotId,
          snapshots,
          recordsRead,
          recordsDamaged + next.recordsDamaged(),
          filesCopied,
          filesDeleted,
          filesSkipped,
          chunksWritten,
          bytesRead,
          bytesWritten,
          changedSinceRecord,
          versionsLost,
          millis + next.millis(),
          skipped,
          false);
    }
    List<String> allSkipped = new ArrayList<>(skipped);
    allSkipped.addAll(next.skipped());
    return new DrainReport(
        "copied",
        next.snapshotId(),
        snapshots + next.snapshots(),
        recordsRead + next.recordsRead(),
        recordsDamaged + next.recordsDamaged(),
        filesCopied + next.filesCopied(),
        filesDeleted + next.filesDeleted(),
        filesSkipped + next.filesSkipped(),
        chunksWritten + next.chunksWritten(),
        bytesRead + next.bytesRead(),
        bytesWritten + next.bytesWritten(),
        changedSinceRecord + next.changedSinceRecord(),
        versionsLost + next.versionsLost(),
        millis + next.millis(),
        allSkipped,
        next.more());
  }
}
