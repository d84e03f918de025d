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
 * @param type regular file or symbolic link
 * @param linkTarget the link's target text, exactly for a {@link FileType#SYMLINK} that is not
 *     DELETED; else null
 * @param device st_dev of the file
 * @param inode st_ino of the file
 * @param size bytes; for DELETED the last known size; for a link, lstat's size
 * @param mtimeNanos modification time, epoch nanoseconds
 * @param ctimeNanos inode change time, epoch nanoseconds; {@link #UNKNOWN_CTIME} in records of
 *     format version 1, which did not carry it
 * @param mode POSIX permission bits (st_mode &amp; 07777)
 * @param policyClass name of the copy policy that applies
 * @param detectedAtNanos epoch nanoseconds of the first event of this save
 * @param savedAtNanos epoch nanoseconds when the file was judged saved
 * @param stageId the staged copy of this version (every-save policies), {@link #NOT_STAGED} if none
 * @param blocks the block map; {@link BlockMap#EMPTY} for DELETED and for links
 */
public record ChangeRecord(
    String hostId,
    String root,
    String path,
    ChangeKind kind,
    String renamedFrom,
    FileType type,
    String linkTarget,
    long device,
    long inode,
    long size,
    long mtimeNanos,
    long ctimeNanos,
    int mode,
    String policyClass,
    long detectedAtNanos,
    long savedAtNanos,
    long stageId,
    BlockMap blocks) {
  /** {@link #ctimeNanos} of a record that did not carry one (format version 1). */
  public static final long UNKNOWN_CTIME = Long.MIN_VALUE;

  /** {@link #stageId} of a version with no staged copy. */
  public static final long NOT_STAGED = 0;

  public ChangeRecord {
    Objects.requireNonNull(hostId, "hostId");
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(policyClass, "policyClass");
    Objects.requireNonNull(blocks, "blocks");
    if ((kind == ChangeKind.RENAMED) != (renamedFrom != null)) {
      throw new IllegalArgumentException("renamedFrom must be set exactly for RENAMED: " + path);
    }
    if ((type == FileType.SYMLINK && kind != ChangeKind.DELETED) != (linkTarget != null)) {
      throw new IllegalArgumentException("linkTarget must be set exactly for live links: " + path);
    }
    if ((kind == ChangeKind.DELETED || type == FileType.SYMLINK) && !blocks.blocks().isEmpty()) {
      throw new IllegalArgumentException("deleted file or link with blocks: " + path);
    }
    if (stageId < 0
        || (stageId != NOT_STAGED && (kind == ChangeKind.DELETED || type == FileType.SYMLINK))) {
      throw new IllegalArgumentException("stageId " + stageId + " not allowed here: " + path);
    }
  }

  /** True if the record has the file's exact ctime (format version 2 and later). */
  public boolean hasCtime() {
    return ctimeNanos != UNKNOWN_CTIME;
  }

  /** This record with {@code stageId}. */
  public ChangeRecord withStageId(long id) {
    return new ChangeRecord(
        hostId,
        root,
        path,
        kind,
        renamedFrom,
        type,
        linkTarget,
        device,
        inode,
        size,
        mtimeNanos,
        ctimeNanos,
        mode,
        policyClass,
        detectedAtNanos,
        savedAtNanos,
        id,
        blocks);
  }
}
