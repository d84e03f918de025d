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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Restores snapshot entries into a directory. Each regular file is written to a temp name beside
 * its destination, fsynced, given its mode and mtime, then renamed into place, so a destination
 * file is either untouched or complete and verified. Each symbolic link is created under a temp
 * name with its exact text, given its mtime without following it (to the microsecond: see {@link
 * Symlinks}), then renamed into place; a file or link already at the destination is replaced, never
 * written through.
 *
 * <p>Never writes outside the destination: each path is re-checked after resolving, a parent
 * directory that is a symlink (or not a directory) makes that entry fail, links are created only
 * after every regular file, and an entry beneath a path the snapshot lists as a link is refused
 * (whether or not that link is selected). So no link, restored or planted, redirects a write. Link
 * texts are data: never resolved or checked against the destination.
 *
 * <p>Durability is bought in bulk: the calling thread reads, verifies and writes each file, and a
 * few helper threads fsync, label and rename the finished temp files meanwhile (concurrent fsyncs
 * share the file system's journal commits; one after another, they were most of a restore's time).
 * Each directory that received a rename is fsynced once, after its last rename and before the
 * restore returns; a file counts as restored only then. A crash before that leaves each destination
 * either untouched or complete, as before. Not thread-safe: one restore at a time.
 */
public final class Restorer {
  /** Threads that fsync and rename finished files: they wait on the disk, not the CPU. */
  private static final int SYNC_THREADS = 4;

  /** Files written but not yet renamed, at most: bounds open files and temp files at once. */
  private static final int IN_FLIGHT = 32;

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
    Set<String> linkPaths = linkPaths(s);
    List<String> failures = new ArrayList<>();
    List<FileEntry> links = new ArrayList<>();
    FileSyncs syncs = new FileSyncs(base, SYNC_THREADS, IN_FLIGHT);
    try {
      for (FileEntry e : s.entries()) {
        if (!selected.test(e)) {
          continue;
        }
        String link = linkAbove(e.path(), linkPaths);
        if (link != null) {
          failures.add(e.path() + ": lies beneath the link entry " + link + ", not restored");
          continue;
        }
        // Links wait until every file is written, so no write of this run can meet one it made.
        switch (e.kind()) {
          case SYMLINK -> links.add(e);
          case REGULAR_FILE -> {
            try {
              restoreFile(base, e, syncs);
            } catch (IOException | RuntimeException ex) {
              failures.add(e.path() + ": " + ex.getMessage());
            }
          }
        }
      }
    } finally {
      syncs.finish();
    }
    failures.addAll(syncs.failures());
    int files = syncs.filesDone();
    long bytes = syncs.bytesDone();
    int linksDone = 0;
    for (FileEntry e : links) {
      try {
        restoreLink(base, e);
        linksDone++;
      } catch (IOException | RuntimeException ex) {
        failures.add(e.path() + ": " + ex.getMessage());
      }
    }
    return new RestoreResult(files, linksDone, bytes, failures);
  }

  /** Every path the snapshot lists as a link, selected or not. */
  private static Set<String> linkPaths(Snapshot s) {
    Set<String> paths = new HashSet<>();
    for (FileEntry e : s.entries()) {
      if (e.isSymlink()) {
        paths.add(e.path());
      }
    }
    return paths;
  }

  /** The outermost proper ancestor of {@code path} the snapshot lists as a link, or null. */
  private static String linkAbove(String path, Set<String> linkPaths) {
    String found = null;
    for (int i = path.indexOf('/'); i >= 0 && found == null; i = path.indexOf('/', i + 1)) {
      String ancestor = path.substring(0, i);
      if (linkPaths.contains(ancestor)) {
        found = ancestor;
      }
    }
    return found;
  }

  /**
   * Writes and verifies {@code e} into a temp file here, then hands the open file to {@code syncs}
   * to be fsynced, labelled and renamed into place.
   */
  private void restoreFile(Path base, FileEntry e, FileSyncs syncs) throws IOException {
    Path dest = destination(base, e);
    Path tmp = tempIn(dest.getParent());
    FileChannel ch = null;
    try {
      ch =
          FileChannel.open(
              tmp,
              StandardOpenOption.CREATE_NEW,
              StandardOpenOption.WRITE,
              LinkOption.NOFOLLOW_LINKS);
      long n = writeVerified(ch, e);
      syncs.submit(e.path(), dest.getParent(), n, new Finish(ch, tmp, dest, e));
    } catch (IOException | RuntimeException ex) {
      if (ch != null) {
        closeQuietly(ch, ex);
      }
      Files.deleteIfExists(tmp);
      throw ex;
    }
  }

  /** The rest of a file's restore, on a sync thread; it owns {@code ch} and {@code tmp}. */
  private record Finish(FileChannel ch, Path tmp, Path dest, FileEntry e)
      implements FileSyncs.Task {
    @Override
    public void run() throws IOException {
      try {
        try (ch) {
          ch.force(true);
        }
        applyMetadata(tmp, e);
        // Renaming replaces a symlink at dest itself, never the file it points to.
        Files.move(tmp, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
  }

  private static void closeQuietly(FileChannel ch, Exception failure) {
    try {
      ch.close();
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }

  private static void restoreLink(Path base, FileEntry e) throws IOException {
    Path dest = destination(base, e);
    Path parent = dest.getParent();
    Path tmp = tempIn(parent);
    try {
      Symlinks.create(tmp, e.linkTarget());
      Symlinks.setMtime(tmp, e.mtimeNanos());
      // As for files: rename(2) replaces whatever file or link is at dest, never following it.
      Files.move(tmp, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      NioFs.INSTANCE.fsyncDir(parent);
    } finally {
      // Removes the temp link itself, never what it points to.
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Where {@code e} goes: inside base, below parents that are real directories (created if
   * missing), and not onto a directory.
   */
  private static Path destination(Path base, FileEntry e) throws IOException {
    Path dest = base.resolve(e.path()).normalize();
    if (!dest.startsWith(base) || dest.equals(base)) {
      throw new IOException("resolves outside the restore directory: " + dest);
    }
    ensureParents(base, dest.getParent());
    if (Files.isDirectory(dest, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException("destination is a directory: " + dest);
    }
    return dest;
  }

  /** Not derived from the entry's name: a 255-byte name plus a suffix would exceed NAME_MAX. */
  private static Path tempIn(Path dir) {
    return dir.resolve(".ferry-restore-" + TargetFile.randomId() + ".tmp");
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

  /** Writes the verified content to {@code ch}, leaving it open (and not yet fsynced). */
  private long writeVerified(FileChannel ch, FileEntry e) throws IOException {
    OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
    long n = reader.copyFile(index, e, out);
    out.flush();
    return n;
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
