package dev.ferry.monitor.watch;

import java.io.IOException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the watcher remembers of a regular file: identity, size, mtime (ns) and permission bits. Two
 * states are equal when nothing a save could change differs.
 *
 * @param device st_dev
 * @param inode st_ino
 * @param size bytes
 * @param mtimeNanos modification time, epoch nanoseconds
 * @param mode permission bits (st_mode &amp; 07777)
 */
public record FileState(long device, long inode, long size, long mtimeNanos, int mode) {
  private static final String ATTRS = "unix:dev,ino,size,lastModifiedTime,mode,isRegularFile";

  /**
   * Reads the state of {@code file} without following symlinks; null if it is gone, unreadable or
   * not a regular file.
   */
  public static FileState read(Path file) {
    Map<String, Object> a;
    try {
      a = java.nio.file.Files.readAttributes(file, ATTRS, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException | SecurityException e) {
      return null;
    }
    if (!Boolean.TRUE.equals(a.get("isRegularFile"))) {
      return null;
    }
    return new FileState(
        ((Number) a.get("dev")).longValue(),
        ((Number) a.get("ino")).longValue(),
        ((Number) a.get("size")).longValue(),
        ((FileTime) a.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS),
        ((Number) a.get("mode")).intValue() & 07777);
  }

  /** True if a scan should treat the file as changed (size, mtime or identity differ). */
  public boolean contentMayDiffer(FileState other) {
    return size != other.size
        || mtimeNanos != other.mtimeNanos
        || inode != other.inode
        || device != other.device;
  }
}
