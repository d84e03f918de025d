package dev.ferry.monitor.state;

import dev.ferry.monitor.journal.FileType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the agent remembers of a regular file or symbolic link: type, identity, size, mtime (ns),
 * permission bits and ctime (ns). Two states are equal when nothing a save could change differs.
 *
 * <p>ctime is here because size, mtime, inode and mode do not catch a same-size rewrite whose old
 * mtime was put back ({@code cp -p}, {@code rsync -t --inplace}, {@code tar x}); the kernel moves
 * ctime on every change of the inode and no user call can set it back.
 *
 * @param type regular file or link (a link is never followed: its state is lstat's)
 * @param device st_dev
 * @param inode st_ino
 * @param size bytes (for a link, the length of its target)
 * @param mtimeNanos modification time, epoch nanoseconds
 * @param mode permission bits (st_mode &amp; 07777)
 * @param ctimeNanos inode change time, epoch nanoseconds
 */
public record FileState(
    FileType type, long device, long inode, long size, long mtimeNanos, int mode, long ctimeNanos) {
  private static final String ATTRS =
      "unix:dev,ino,size,lastModifiedTime,mode,ctime,isRegularFile,isSymbolicLink";

  /**
   * Reads the state of {@code file} without following symlinks; null if it is gone, unreadable or
   * neither a regular file nor a link.
   */
  public static FileState read(Path file) {
    Map<String, Object> a;
    try {
      a = Files.readAttributes(file, ATTRS, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException | SecurityException e) {
      return null;
    }
    FileType type;
    if (Boolean.TRUE.equals(a.get("isRegularFile"))) {
      type = FileType.REGULAR;
    } else if (Boolean.TRUE.equals(a.get("isSymbolicLink"))) {
      type = FileType.SYMLINK;
    } else {
      return null;
    }
    return new FileState(
        type,
        ((Number) a.get("dev")).longValue(),
        ((Number) a.get("ino")).longValue(),
        ((Number) a.get("size")).longValue(),
        ((FileTime) a.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS),
        ((Number) a.get("mode")).intValue() & 07777,
        ((FileTime) a.get("ctime")).to(TimeUnit.NANOSECONDS));
  }

  /** True for a symbolic link. */
  public boolean isLink() {
    return type == FileType.SYMLINK;
  }

  /**
   * True if all but ctime are equal. A ctime-only change (link count, extended attributes, a
   * rename) is no sign that a writer is still at work, so the settle wait ignores it.
   */
  public boolean equalsExceptCtime(FileState other) {
    return mayBeRenamedFrom(other) && mode == other.mode;
  }

  /**
   * True if this file, found under a new name, can be the file {@code gone} that vanished from its
   * old name: same type, device, inode, size and mtime. ctime is not compared, since a rename sets
   * it (on ext4, xfs, btrfs, tmpfs). Inode alone is not enough: file systems reuse a freed inode at
   * once, so a file deleted and another created is not a rename.
   */
  public boolean mayBeRenamedFrom(FileState gone) {
    return type == gone.type
        && device == gone.device
        && inode == gone.inode
        && size == gone.size
        && mtimeNanos == gone.mtimeNanos;
  }
}
