package dev.ferry.target.disk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;

/**
 * Creates symbolic links for restore without ever following one. Checked on JDK 17 / Linux:
 *
 * <ul>
 *   <li>{@link Files#createSymbolicLink} is symlink(2): it never follows and fails if the name
 *       exists. But the text goes through {@code Path.of}, which drops a trailing '/' and collapses
 *       repeated '/'; such a text (and one the platform encoding cannot carry) is refused here
 *       rather than created as a different link.
 *   <li>{@code setTimes} on a {@link BasicFileAttributeView} got with {@link
 *       LinkOption#NOFOLLOW_LINKS} calls lutimes (utimensat with AT_SYMLINK_NOFOLLOW): it changes
 *       the link, never what it points to, but takes microseconds, so the nanoseconds are lost.
 *       Without lutimes the JDK opens the file with O_NOFOLLOW, which fails on a link: still never
 *       follows.
 *   <li>Mode and owner are never set: Linux ignores a link's mode, and chmod through the JDK would
 *       follow it.
 * </ul>
 */
final class Symlinks {
  private Symlinks() {}

  /**
   * Creates a new link {@code link} whose text is exactly {@code text}, or throws and leaves
   * nothing at {@code link} that this call made.
   */
  static void create(Path link, String text) throws IOException {
    Path target;
    try {
      target = link.getFileSystem().getPath(text);
    } catch (InvalidPathException e) {
      throw new IOException("link text cannot be expressed on this system: " + e.getMessage(), e);
    }
    if (!target.toString().equals(text)) {
      throw new IOException(
          "the JDK cannot create this link text exactly, not restored: \"" + text + "\"");
    }
    Files.createSymbolicLink(link, target);
    String back = Files.readSymbolicLink(link).toString();
    if (!back.equals(text)) {
      Files.delete(link);
      throw new IOException(
          "link text reads back as \"" + back + "\", not \"" + text + "\": not restored");
    }
  }

  /** Sets the modification time of the link itself; the last access time is left as it is. */
  static void setMtime(Path link, long mtimeNanos) throws IOException {
    Files.getFileAttributeView(link, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
        .setTimes(FileTime.from(mtimeNanos, TimeUnit.NANOSECONDS), null, null);
  }
}
