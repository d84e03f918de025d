package dev.ferry.manager.drain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What the drain compares to tell whether a file is still the one its record describes. */
record FileState(
    long size, long mtimeNanos, long device, long inode, int mode, boolean regular, boolean link) {
  private static final int TYPE_MASK = 0170000;
  private static final int REGULAR = 0100000;
  private static final int LINK = 0120000;

  static FileState of(Path file) throws IOException {
    Map<String, Object> a =
        Files.readAttributes(
            file, "unix:size,lastModifiedTime,dev,ino,mode", LinkOption.NOFOLLOW_LINKS);
    return new FileState(
        (Long) a.get("size"),
        ((FileTime) a.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS),
        (Long) a.get("dev"),
        (Long) a.get("ino"),
        ((Integer) a.get("mode")) & 07777,
        (((Integer) a.get("mode")) & TYPE_MASK) == REGULAR,
        (((Integer) a.get("mode")) & TYPE_MASK) == LINK);
  }

  boolean sameContentAs(long size, long mtimeNanos, long inode) {
    return this.size == size && this.mtimeNanos == mtimeNanos && this.inode == inode;
  }

  boolean sameContentAs(FileState o) {
    return sameContentAs(o.size, o.mtimeNanos, o.inode);
  }
}
