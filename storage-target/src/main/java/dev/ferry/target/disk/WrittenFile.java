package dev.ferry.target.disk;

import dev.ferry.target.FileEntry;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

/**
 * A restored file's content, verified and written to {@code tmp} beside {@code dest}, not yet
 * durable nor in place. Whoever takes it (a {@link FileCommits}) owns {@code ch} and {@code tmp}.
 */
record WrittenFile(FileEntry entry, FileChannel ch, Path tmp, Path dest, long bytes) {
  /** The snapshot path, as failures name it. */
  String path() {
    return entry.path();
  }

  /** The directory the file is renamed into. */
  Path dir() {
    return dest.getParent();
  }

  /** Mode and mtime go on the temp file, so the final name never shows wrong permissions. */
  void applyMetadata() throws IOException {
    try {
      Files.setAttribute(tmp, "unix:mode", entry.mode(), LinkOption.NOFOLLOW_LINKS);
    } catch (UnsupportedOperationException | IllegalArgumentException ex) {
      // No unix view: permission bits only; setuid, setgid and sticky are lost.
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString(rwx(entry.mode())));
    }
    Files.setLastModifiedTime(tmp, FileTime.from(entry.mtimeNanos(), TimeUnit.NANOSECONDS));
  }

  /** Puts the file in place; rename(2) replaces a file or link at dest, never following it. */
  void rename() throws IOException {
    Files.move(tmp, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Removes the temp file if it is still there; the destination stays as it was. */
  void deleteTemp() throws IOException {
    Files.deleteIfExists(tmp);
  }

  private static String rwx(int mode) {
    StringBuilder sb = new StringBuilder(9);
    String letters = "rwxrwxrwx";
    for (int i = 0; i < 9; i++) {
      sb.append((mode & (1 << (8 - i))) != 0 ? letters.charAt(i) : '-');
    }
    return sb.toString();
  }
}
