package dev.ferry.target.disk;

import dev.ferry.target.FileEntry;
import dev.ferry.target.RestoreResult;
import dev.ferry.target.Snapshot;
import dev.ferry.target.index.ChunkIndex;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Restores snapshot entries into a directory. Each regular file is written to a temp name beside
 * its destination, made durable, given its mode and mtime, then renamed into place, so a
 * destination file is either untouched or complete and verified. Each symbolic link is created
 * under a temp name with its exact text, given its mtime without following it (to the microsecond:
 * see {@link Symlinks}), then renamed into place; a file or link already at the destination is
 * replaced, never written through.
 *
 * <p>Never writes outside the destination: each path is re-checked after resolving, a parent
 * directory that is a symlink (or not a directory) makes that entry fail, links are created only
 * after every regular file, and an entry beneath a path the snapshot lists as a link is refused
 * (whether or not that link is selected). So no link, restored or planted, redirects a write. Link
 * texts are data: never resolved or checked against the destination.
 *
 * <p>Two writer threads read, verify and write files, each with its own cursor (decoder and open
 * container), and hand each finished temp file to a {@link FileCommits}, which makes it durable,
 * labels it and renames it into place meanwhile: on Linux 5.8 and later by one file-system sync per
 * batch of files ({@link BatchedCommits}), elsewhere by an fsync per file and per directory ({@link
 * FileSyncs}). Either way a file counts as restored only once its content and name are durable, and
 * a crash before that leaves each destination either untouched or complete. Not thread-safe: one
 * restore at a time.
 */
public final class Restorer {
  /** Threads that fsync and rename finished files: they wait on the disk, not the CPU. */
  private static final int SYNC_THREADS = 4;

  /** Files written but not yet renamed, at most: bounds open files and temp files at once. */
  private static final int IN_FLIGHT = 32;

  /**
   * Threads that read, verify and write files. Decoding, hashing and the kernel's copy of each
   * write into the page cache are all CPU work: on one thread a 2 GiB restore kept one core busy
   * and left the other idle (bench/RESULTS.md, 2026-12-03). Two, as the disk gains little from more
   * writers and a workstation restoring in the background keeps a core for its user.
   */
  private static final int WRITERS =
      Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));

  /** Files at least this large are written first (see {@link #writeOrder}). */
  public static final long LARGE_FILE = 16L << 20;

  private final ChunkReader reader;
  private final ChunkIndex index;
  private final Function<Path, Optional<FileSystemBarrier>> barriers;

  /** Directories of this restore found to be real directories (see {@link #ensureParents}). */
  private final Set<Path> checkedDirs = ConcurrentHashMap.newKeySet();

  public Restorer(ChunkReader reader, ChunkIndex index) {
    this(reader, index, SyncFs::open);
  }

  /**
   * @param barriers the file-system barrier for a restore's base directory, or empty to fsync each
   *     file and directory instead; tests choose either way, or a barrier that fails
   */
  Restorer(
      ChunkReader reader, ChunkIndex index, Function<Path, Optional<FileSystemBarrier>> barriers) {
    this.reader = reader;
    this.index = index;
    this.barriers = barriers;
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
    checkedDirs.clear();
    Set<String> linkPaths = linkPaths(s);
    List<FileEntry> files = new ArrayList<>();
    List<FileEntry> links = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    for (FileEntry e : s.entries()) {
      if (!selected.test(e)) {
        continue;
      }
      String link = linkAbove(e.path(), linkPaths);
      if (link != null) {
        refused.add(e.path() + ": lies beneath the link entry " + link + ", not restored");
        continue;
      }
      // Links wait until every file is written, so no write of this run can meet one it made.
      switch (e.kind()) {
        case SYMLINK -> links.add(e);
        case REGULAR_FILE -> files.add(e);
      }
    }
    // Failures are reported in snapshot order whichever writer met them: slot i is the i-th file.
    String[] fileFailures = new String[files.size()];
    Optional<FileSystemBarrier> barrier =
        files.isEmpty() && links.isEmpty() ? Optional.empty() : barriers.apply(base);
    try {
      FileCommits commits =
          barrier.isPresent()
              ? new BatchedCommits(barrier.get())
              : new FileSyncs(base, SYNC_THREADS, IN_FLIGHT);
      try {
        writeAll(base, files, commits, fileFailures);
      } finally {
        commits.finish();
      }
      List<String> failures = new ArrayList<>(refused);
      for (String f : fileFailures) {
        if (f != null) {
          failures.add(f);
        }
      }
      failures.addAll(commits.failures());
      int linksDone = restoreLinks(base, links, barrier, failures);
      return new RestoreResult(commits.filesDone(), linksDone, commits.bytesDone(), failures);
    } finally {
      barrier.ifPresent(FileSystemBarrier::close);
    }
  }

  /**
   * Creates each link, then makes the names durable: by one sync of the barrier after the last, if
   * there is one (a failed sync fails them all), else by an fsync of each link's directory. Returns
   * how many were restored; notes the others in {@code failures}.
   */
  private int restoreLinks(
      Path base,
      List<FileEntry> links,
      Optional<FileSystemBarrier> barrier,
      List<String> failures) {
    List<FileEntry> made = new ArrayList<>();
    for (FileEntry e : links) {
      try {
        Path parent = restoreLink(base, e);
        if (barrier.isEmpty()) {
          NioFs.INSTANCE.fsyncDir(parent);
        }
        made.add(e);
      } catch (IOException | RuntimeException ex) {
        failures.add(e.path() + ": " + ex.getMessage());
      }
    }
    if (barrier.isPresent() && !made.isEmpty()) {
      try {
        barrier.get().sync();
      } catch (IOException ex) {
        for (FileEntry e : made) {
          failures.add(e.path() + ": created, but " + ex.getMessage());
        }
        return 0;
      }
    }
    return made.size();
  }

  /**
   * Writes every file on {@link #WRITERS} threads, each taking the next file of {@link #writeOrder}
   * and noting its failure, if any, in {@code failures} at the file's index.
   */
  private void writeAll(Path base, List<FileEntry> files, FileCommits syncs, String[] failures)
      throws IOException {
    int[] order = writeOrder(files);
    AtomicInteger next = new AtomicInteger();
    Callable<Void> writer =
        () -> {
          try (ChunkReader.Cursor cursor = reader.cursor()) {
            for (int i = next.getAndIncrement(); i < order.length; i = next.getAndIncrement()) {
              FileEntry e = files.get(order[i]);
              try {
                restoreFile(base, e, cursor, syncs);
              } catch (IOException | RuntimeException ex) {
                failures[order[i]] = e.path() + ": " + ex.getMessage();
              }
            }
          }
          return null;
        };
    int threads = (int) Math.min(WRITERS, Math.max(1, files.size()));
    ExecutorService pool = Executors.newFixedThreadPool(threads, Restorer::writerThread);
    try {
      List<Future<Void>> running = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        running.add(pool.submit(writer));
      }
      for (Future<Void> f : running) {
        try {
          Waits.uninterruptibly(f);
        } catch (ExecutionException ex) {
          // Only a cursor that fails to close gets here: each file's own failure is noted above.
          throw new IOException("a restore writer failed: " + ex.getCause(), ex.getCause());
        }
      }
    } finally {
      pool.shutdown();
    }
  }

  private static Thread writerThread(Runnable r) {
    Thread t = new Thread(r, "ferry-restore-write");
    t.setDaemon(true);
    return t;
  }

  /**
   * Indexes into {@code files}: those of at least {@link #LARGE_FILE} bytes first, largest first,
   * then the rest in snapshot order. A large file taken last would leave one writer working alone
   * on it at the end; small files in snapshot order read their containers front to back, as the
   * drain wrote them.
   */
  static int[] writeOrder(List<FileEntry> files) {
    List<Integer> large = new ArrayList<>();
    List<Integer> rest = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      (files.get(i).size() >= LARGE_FILE ? large : rest).add(i);
    }
    large.sort(
        Comparator.comparingLong((Integer i) -> files.get(i).size())
            .reversed()
            .thenComparingInt(i -> i));
    int[] order = new int[files.size()];
    int k = 0;
    for (int i : large) {
      order[k++] = i;
    }
    for (int i : rest) {
      order[k++] = i;
    }
    return order;
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
   * to be made durable, labelled and renamed into place.
   */
  private void restoreFile(Path base, FileEntry e, ChunkReader.Cursor cursor, FileCommits syncs)
      throws IOException {
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
      long n = writeVerified(ch, e, cursor);
      syncs.submit(new WrittenFile(e, ch, tmp, dest, n));
    } catch (IOException | RuntimeException ex) {
      if (ch != null) {
        closeQuietly(ch, ex);
      }
      Files.deleteIfExists(tmp);
      throw ex;
    }
  }

  private static void closeQuietly(FileChannel ch, Exception failure) {
    try {
      ch.close();
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }

  /** Creates the link {@code e} in place (not yet durably) and returns its directory. */
  private Path restoreLink(Path base, FileEntry e) throws IOException {
    Path dest = destination(base, e);
    Path parent = dest.getParent();
    Path tmp = tempIn(parent);
    try {
      Symlinks.create(tmp, e.linkTarget());
      Symlinks.setMtime(tmp, e.mtimeNanos());
      // As for files: rename(2) replaces whatever file or link is at dest, never following it.
      Files.move(tmp, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return parent;
    } finally {
      // Removes the temp link itself, never what it points to.
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Where {@code e} goes: inside base, below parents that are real directories (created if
   * missing), and not onto a directory.
   */
  private Path destination(Path base, FileEntry e) throws IOException {
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

  /**
   * Creates missing directories from base down to dir, refusing symlinks and non-directories. Each
   * directory is looked at once per restore (one lstat), not once per file beneath it: a file
   * several folders deep cost a dozen lstats, more system time than writing a small file.
   */
  private void ensureParents(Path base, Path dir) throws IOException {
    if (dir.equals(base) || checkedDirs.contains(dir)) {
      return;
    }
    ensureParents(base, dir.getParent());
    BasicFileAttributes a;
    try {
      a = lstat(dir);
    } catch (NoSuchFileException missing) {
      try {
        Files.createDirectory(dir);
      } catch (FileAlreadyExistsException raced) {
        // The other writer made it meanwhile, or something else did: checked below like any.
      }
      a = lstat(dir);
    }
    if (a.isSymbolicLink()) {
      throw new IOException("parent is a symlink, not following it: " + dir);
    }
    if (!a.isDirectory()) {
      throw new IOException("parent is not a directory: " + dir);
    }
    checkedDirs.add(dir);
  }

  private static BasicFileAttributes lstat(Path p) throws IOException {
    return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
  }

  /**
   * Writes the verified content to {@code ch}, leaving it open (and not yet fsynced). Unbuffered:
   * each chunk is one write of its own array, which a buffer would only copy once more.
   */
  private long writeVerified(FileChannel ch, FileEntry e, ChunkReader.Cursor cursor)
      throws IOException {
    return cursor.copyFile(index, e, Channels.newOutputStream(ch));
  }
}
