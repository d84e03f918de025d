package dev.ferry.target;

import dev.ferry.target.check.Checker;
import dev.ferry.target.disk.AtomicFiles;
import dev.ferry.target.disk.ChunkReader;
import dev.ferry.target.disk.DiskSnapshotWriter;
import dev.ferry.target.disk.Recovery;
import dev.ferry.target.disk.Restorer;
import dev.ferry.target.disk.TargetFile;
import dev.ferry.target.disk.TargetLayout;
import dev.ferry.target.disk.WriterLock;
import dev.ferry.target.index.ChunkIndex;
import dev.ferry.target.index.IndexLoader;
import dev.ferry.target.snapshot.SnapshotCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A storage target in a local directory; the format is {@code src-docs/target-format.md}.
 *
 * <p>Thread-safety: reads (lookups, listing, restore, verify) may run concurrently with each other
 * and with one {@link SnapshotWriter}. At most one writer exists per target across all processes,
 * enforced by an OS lock. Closing the target does not close its writers.
 *
 * <p>Durability: a snapshot is durable once {@link SnapshotWriter#commit} returns.
 */
public final class DiskTarget implements AutoCloseable {
  private final TargetLayout layout;
  private final ChunkReader reader;
  private final Compression compression;
  private volatile ChunkIndex index;
  private volatile boolean closed;

  private DiskTarget(TargetLayout layout, Compression compression) {
    this.layout = layout;
    this.reader = new ChunkReader(layout);
    this.compression = compression;
  }

  /**
   * Opens the target in {@code dir}, creating it if {@code dir} is missing or empty; its writers
   * compress with {@link Compression#DEFAULT}.
   *
   * @throws NotATargetException if {@code dir} holds other files and no {@code ferry-target}
   * @throws TargetNotWritableException if the target cannot be created or written
   */
  public static DiskTarget openOrCreate(Path dir) throws IOException {
    return openOrCreate(dir, Compression.DEFAULT);
  }

  /**
   * As {@link #openOrCreate(Path)}, with the compression this target's writers apply to new chunks.
   * Chunks already stored keep theirs; readers need no setting.
   */
  public static DiskTarget openOrCreate(Path dir, Compression compression) throws IOException {
    Path root = dir.toAbsolutePath().normalize();
    TargetLayout layout = new TargetLayout(root);
    if (Files.exists(root) && !Files.isDirectory(root)) {
      throw new NotATargetException(root, "not a directory");
    }
    if (!Files.exists(layout.targetFile())) {
      requireOnlyOwnNames(root);
      create(layout);
    } else if (!Files.isWritable(root)) {
      throw new TargetNotWritableException(root, null);
    }
    return open(root, compression);
  }

  /** A directory may become a target if it is empty or holds only what a crashed create left. */
  private static void requireOnlyOwnNames(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      return;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        if (!TargetLayout.OWN_NAMES.contains(name) || Files.isDirectory(p) && !isEmptyDir(p)) {
          throw new NotATargetException(
              root,
              "not empty and has no " + TargetLayout.TARGET_FILE + " file (found " + name + ")");
        }
      }
    }
  }

  private static boolean isEmptyDir(Path p) throws IOException {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(p)) {
      return !ds.iterator().hasNext();
    }
  }

  /** Creates the layout; the ferry-target file comes last, so it marks a complete target. */
  private static void create(TargetLayout layout) throws IOException {
    Path root = layout.root();
    try {
      AtomicFiles.createDir(root);
      if (!Files.isWritable(root)) {
        throw new TargetNotWritableException(root, null);
      }
      for (Path d : List.of(layout.data(), layout.index(), layout.snapshots())) {
        AtomicFiles.createDir(d);
      }
      try (WriterLock lock = WriterLock.acquire(layout.lock())) {
        AtomicFiles.write(layout.targetFile(), TargetFile.create().encode());
      }
    } catch (TargetNotWritableException | TargetLockedException e) {
      throw e;
    } catch (IOException e) {
      throw new TargetNotWritableException(root, e);
    }
  }

  /**
   * Opens an existing target and loads its index. If no writer holds the lock, first cleans up
   * after a crashed one (see {@link Recovery}).
   *
   * @throws NotATargetException if {@code dir} has no valid {@code ferry-target} file
   */
  public static DiskTarget open(Path dir) throws IOException {
    return open(dir, Compression.DEFAULT);
  }

  /** As {@link #open(Path)}, with the compression this target's writers apply to new chunks. */
  public static DiskTarget open(Path dir, Compression compression) throws IOException {
    Objects.requireNonNull(compression, "compression");
    Path root = dir.toAbsolutePath().normalize();
    TargetLayout layout = new TargetLayout(root);
    Path marker = layout.targetFile();
    if (!Files.isRegularFile(marker)) {
      throw new NotATargetException(root, "no " + TargetLayout.TARGET_FILE + " file");
    }
    try {
      TargetFile.decode(Files.readAllBytes(marker), TargetLayout.TARGET_FILE);
    } catch (CorruptDataException e) {
      throw new NotATargetException(root, e.getMessage());
    }
    for (Path d : List.of(layout.data(), layout.index(), layout.snapshots())) {
      if (!Files.isDirectory(d)) {
        throw new NotATargetException(root, "missing directory " + d.getFileName());
      }
    }
    DiskTarget t = new DiskTarget(layout, compression);
    t.index = IndexLoader.load(layout.index()).index();
    t.recoverIfIdle();
    return t;
  }

  /** Recovery needs the lock; a read-only target or a busy writer just means no cleanup now. */
  private void recoverIfIdle() throws IOException {
    Optional<WriterLock> lock;
    try {
      lock = WriterLock.tryAcquire(layout.lock());
    } catch (IOException e) {
      return;
    }
    if (lock.isPresent()) {
      try (WriterLock l = lock.get()) {
        recoverLocked();
      }
    }
  }

  /** With the lock held: reload the index (another process may have committed), then clean. */
  private ChunkIndex recoverLocked() throws IOException {
    IndexLoader.Result loaded = IndexLoader.load(layout.index());
    index = loaded.index();
    Recovery.run(layout, loaded.index(), loaded.failures().isEmpty());
    return loaded.index();
  }

  public boolean hasChunk(ChunkHash h) {
    return index.contains(h);
  }

  public Optional<ChunkLocation> locate(ChunkHash h) {
    return index.get(h);
  }

  /**
   * Takes the single-writer lock (FileChannel lock on a lock file; a dead holder's OS lock vanishes
   * with it). If a snapshot with this id already exists (a retried drain after a crash) the commit
   * replaces it atomically — this makes the copy-manager's retry idempotent. parentId: the new
   * snapshot starts as a copy of the parent's entries.
   *
   * @throws TargetLockedException if another writer holds the lock
   * @throws SnapshotNotFoundException if the parent does not exist
   */
  public SnapshotWriter newSnapshot(long id, String host, OptionalLong parentId)
      throws IOException {
    ensureOpen();
    if (id < 0) {
      throw new IllegalArgumentException("snapshot id must be >= 0, got " + id);
    }
    checkHost(host);
    WriterLock lock = WriterLock.acquire(layout.lock());
    try {
      ChunkIndex fresh = recoverLocked();
      List<FileEntry> start =
          parentId.isPresent() ? readSnapshot(parentId.getAsLong()).entries() : List.of();
      return new DiskSnapshotWriter(
          layout, fresh, reader, compression, lock, id, host, parentId, start);
    } catch (IOException | RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  private static void checkHost(String host) {
    if (host.getBytes(StandardCharsets.UTF_8).length > SnapshotCodec.MAX_HOST_BYTES
        || host.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(
          "host must be at most " + SnapshotCodec.MAX_HOST_BYTES + " UTF-8 bytes without NUL");
    }
  }

  /**
   * Every snapshot whose summary checks out, sorted by id. A snapshot root with a damaged summary
   * is left out here; {@link #verify} reports it.
   */
  public List<SnapshotInfo> snapshots() throws IOException {
    ensureOpen();
    List<SnapshotInfo> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(layout.snapshots(), "*.snap")) {
      for (Path p : ds) {
        OptionalLong id = TargetLayout.snapshotId(p.getFileName().toString());
        // A directory (or other non-file) under a root's name is damage for verify, not a reason
        // to fail the listing of every other snapshot.
        if (id.isPresent() && Files.isRegularFile(p)) {
          readInfo(p, id.getAsLong()).ifPresent(out::add);
        }
      }
    }
    out.sort((a, b) -> Long.compare(a.id(), b.id()));
    return out;
  }

  private Optional<SnapshotInfo> readInfo(Path p, long id) throws IOException {
    byte[] prefix;
    try (InputStream in = Files.newInputStream(p)) {
      prefix = in.readNBytes(SnapshotCodec.MAX_SUMMARY);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    try {
      SnapshotInfo info = SnapshotCodec.decodeInfo(prefix, layout.relative(p));
      return info.id() == id ? Optional.of(info) : Optional.empty();
    } catch (CorruptDataException | UnsupportedFormatException e) {
      return Optional.empty();
    }
  }

  public Optional<SnapshotInfo> latest() throws IOException {
    List<SnapshotInfo> all = snapshots();
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  /**
   * Reads and fully checks one snapshot root.
   *
   * @throws SnapshotNotFoundException if there is none with this id
   * @throws CorruptSnapshotException if it fails its checks, including a hostile entry path
   */
  public Snapshot readSnapshot(long id) throws IOException {
    ensureOpen();
    Path p = layout.snapshotFile(id);
    if (Files.exists(p) && !Files.isRegularFile(p)) {
      throw new CorruptSnapshotException(layout.relative(p), "not a regular file");
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(p);
    } catch (NoSuchFileException e) {
      throw new SnapshotNotFoundException(id, layout.root());
    }
    Snapshot s = SnapshotCodec.decode(bytes, layout.relative(p));
    if (s.info().id() != id) {
      throw new CorruptSnapshotException(layout.relative(p), "holds snapshot " + s.info().id());
    }
    return s;
  }

  /**
   * Writes a regular file's content to {@code out}, verifying every chunk first. On failure {@code
   * out} may have received the chunks before the bad one.
   *
   * @throws IllegalArgumentException if {@code e} is not a regular file: a link has no content
   * @throws ChunkCorruptException naming container and chunk
   * @throws ChunkNotFoundException if a chunk is not indexed
   */
  public void readFile(FileEntry e, OutputStream out) throws IOException {
    ensureOpen();
    reader.copyFile(index, e, out);
  }

  /**
   * glob: null = everything; else a "glob:" PathMatcher pattern matched against the entry path OR
   * any of its parent directories ("docs" or "docs/**" restore the subtree). Creates dirs, writes
   * each file to a temp name in its destination dir, fsyncs, sets permission bits and mtime (ns
   * precision), renames into place. Creates each symbolic link with its exact text under a temp
   * name, sets its mtime without following it (µs precision), renames it into place; links come
   * after every file. Never writes outside toDir (re-checks each resolved path; refuses entries
   * whose parents on disk are symlinks, and entries beneath a link entry of the snapshot); never
   * follows a link. A corrupt chunk: that file fails with an error naming it; no silently wrong
   * output (temp file deleted); continues with the rest and reports failures in the result.
   */
  public RestoreResult restore(long snapshotId, String glob, Path toDir) throws IOException {
    Snapshot s = readSnapshot(snapshotId);
    return new Restorer(reader, index).restore(s, Restorer.selector(glob), toDir);
  }

  /**
   * Structure check: every container trailer + header checksum, every index entry inside its
   * container, every snapshot parses and every chunk it references is indexed. readData: also
   * checks every container's CRC32C and re-hashes every chunk. The report names exactly which
   * (snapshot id, path) pairs each damage affects.
   */
  public VerifyReport verify(boolean readData) throws IOException {
    ensureOpen();
    return new Checker(layout, readData).run();
  }

  /** The target directory. */
  public Path dir() {
    return layout.root();
  }

  @Override
  public void close() {
    closed = true;
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("target " + layout.root() + " is closed");
    }
  }
}
