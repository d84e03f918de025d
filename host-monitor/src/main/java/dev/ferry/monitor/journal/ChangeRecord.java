package dev.ferry.monitor.journal;

import dev.ferry.monitor.blockmap.BlockMap;
import java.util.Objects;

/**
 * One saved change of one file, as appended to the backup cache. Format: src-docs/change-record.md.
 *
 * @param hostId the workstation's id
 * @param root absolute path of the watched root as configured
 * @param path '/'-separated path relative to {@code root}
 * @param kind what happened
 * @param renamedFrom relative old path for {@link ChangeKind#RENAMED}, else null
 * @param device st_dev of the file
 * @param inode st_ino of the file
 * @param size bytes; for DELETED the last known size
 * @param mtimeNanos modification time, epoch nanoseconds
 * @param mode POSIX permission bits (st_mode &amp; 07777)
 * @param policyClass name of the copy policy that applies
 * @param detectedAtNanos epoch nanoseconds of the first event of this save
 * @param savedAtNanos epoch nanoseconds when the file was judged saved
 * @param blocks the block map; {@link BlockMap#EMPTY} for DELETED
 */
public record ChangeRecord(
    String hostId,
    String root,
    String path,
    ChangeKind kind,
    String renamedFrom,
    long device,
    long inode,
    long size,
    long mtimeNanos,
    int mode,
    String policyClass,
    long detectedAtNanos,
    long savedAtNanos,
    BlockMap blocks) {
  public ChangeRecord {
    Objects.requireNonNull(hostId, "hostId");
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(policyClass, "policyClass");
    Objects.requireNonNull(blocks, "blocks");
    if ((kind == ChangeKind.RENAMED) != (renamedFrom != null)) {
      throw new IllegalArgumentException("renamedFrom must be set exactly for RENAMED: " + path);
    }
    if (kind == ChangeKind.DELETED && !blocks.blocks().isEmpty()) {
      throw new IllegalArgumentException("DELETED record with blocks: " + path);
    }
  }
}
