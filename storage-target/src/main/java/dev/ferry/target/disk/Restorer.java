package dev.ferry.target.disk;

import dev.ferry.target.FileEntry;
import dev.ferry.target.RestoreResult;
import dev.ferry.target.Snapshot;
import dev.ferry.target.index.ChunkIndex;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Restores snapshot files into a directory. Each file is written to a temp name beside its
 * destination, fsynced, given its mode and mtime, then renamed into place, so a destination file is
 * either untouched or complete and verified. Never writes outside the destination: each path is
 * re-checked after resolving, and a parent directory that is a symlink (or not a directory) makes
 * that file fail. Not thread-safe.
 */
public final class Restorer {
  private final ChunkReader reader;
  private final ChunkIndex index;

  public Restorer(ChunkReader reader, ChunkIndex index) {
    this.reader = reader;
    this.index = index;
  }

  /** {@code glob} null selects all; otherwise it matches the path or any parent directory. */
  public static Predicate<FileEntry> selector(String glob) {
    if (glob == null) {
      return e -> true;
    }
    PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + glob);
    return e -> {
      for (Path p = Path.of(e.path()); p != null; p = p.getParent()) {
        if (m.matches(p)) {
          return true;
        }
      }
      return false;
    };
  }

  public RestoreResult restore(Snapshot s, Predicate<FileEntry> selected, Path toDir)
      throws IOException {
    Files.createDirectories(toDir);
    Path base = toDir.toRealPath();
    int files = 0;
    long bytes = 0;
    List<String> failures = new ArrayList<>();
    for (FileEntry e : s.entries()) {
      if (!selected.test(e)) {
        continue;
      }
      try {
        bytes += restoreOne(base, e);
        files++;
      } catch (IOException | RuntimeException ex) {
        failures.add(e.path() + ": " + ex.getMessage());
      }
    }
    return new RestoreResult(files, bytes, failures);
  }

  private long restoreOne(Path base, FileEntry e) throws IOException {
    if (!e.isRegularFile()) {
      throw new IOException("restoring a " + e.kind() + " is not supported yet");
    }
    Path dest = base.resolve(e.path()).normalize();
    if (!dest.startsWith(base) || dest.equals(base)) {
      throw new IOException("resolves outside the restore directory: " + dest);
    }
    Path parent = ensureParents(base, dest.getParent());
    if (Files.isDirectory(dest, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException("destination is a directory: " + dest);
    }
    // Not derived from the file name: a 255-byte name plus a suffix would exceed NAME_MAX.
    Path tmp = parent.resolve(".ferry-restore-" + TargetFile.randomId() + ".tmp");
    try {
      long n = writeVerified(tmp, e);
      applyMetadata(tmp, e);
      // Renaming replaces a symlink at dest itself, never the file it points to.
      Files.move(tmp, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      AtomicFiles.fsyncDir(parent);
      return n;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Creates missing directories from base down to dir, refusing symlinks and non-directories. */
  private static Path ensureParents(Path base, Path dir) throws IOException {
    Path p = base;
    for (Path segment : base.relativize(dir)) {
      p = p.resolve(segment);
      if (Files.isSymbolicLink(p)) {
        throw new IOException("parent is a symlink, not following it: " + p);
      }
      if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectory(p);
      } else if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        throw new IOException("parent is not a directory: " + p);
      }
    }
    return p;
  }

  private long writeVerified(Path tmp, FileEntry e) throws IOException {
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS)) {
      OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
      long n = reader.copyFile(index, e, out);
      out.flush();
      ch.force(true);
      return n;
    }
  }

  /** Mode and mtime go on the temp file so the final name never shows wrong permissions. */
  private static void applyMetadata(Path p, FileEntry e) throws IOException {
    try {
      Files.setAttribute(p, "unix:mode", e.mode(), LinkOption.NOFOLLOW_LINKS);
    } catch (UnsupportedOperationException | IllegalArgumentException ex) {
      // No unix view: permission bits only; setuid, setgid and sticky are lost.
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(rwx(e.mode())));
    }
    Files.setLastModifiedTime(p, FileTime.from(e.mtimeNanos(), TimeUnit.NANOSECONDS));
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
