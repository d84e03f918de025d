package dev.ferry.target;

import dev.ferry.target.check.Checker;
import dev.ferry.target.crypto.TargetKeys;
import dev.ferry.target.crypto.WrappedKey;
import dev.ferry.target.disk.AtomicFiles;
import dev.ferry.target.disk.ChunkReader;
import dev.ferry.target.disk.DiskOptions;
import dev.ferry.target.disk.DiskSnapshotWriter;
import dev.ferry.target.disk.Pruner;
import dev.ferry.target.disk.Recovery;
import dev.ferry.target.disk.Restorer;
import dev.ferry.target.disk.SealedRoots;
import dev.ferry.target.disk.SegmentStore;
import dev.ferry.target.disk.SnapshotRemoval;
import dev.ferry.target.disk.TargetFile;
import dev.ferry.target.disk.TargetLayout;
import dev.ferry.target.disk.WriterLock;
import dev.ferry.target.index.ChunkIndex;
import dev.ferry.target.index.IndexLoader;
import dev.ferry.target.snapshot.SegmentRef;
import dev.ferry.target.snapshot.SnapshotCodec;
import dev.ferry.target.snapshot.SnapshotDiff;
import dev.ferry.target.snapshot.SnapshotRoot;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A storage target in a local directory; the format is {@code src-docs/target-format.md}.
 *
 * <p>Thread-safety: reads (lookups, listing, restore, verify) may run concurrently with each other
 * and with one {@link SnapshotWriter}. At most one writer exists per target across all processes,
 * enforced by an OS lock. Closing the target does not close its writers.
 *
 * <p>Durability: a snapshot is durable once {@link SnapshotWriter#commit} returns.
 *
 * <p>Encryption: a target created with a {@link TargetCredential} is encrypted (AES-256-GCM, see
 * {@code src-docs/key-management.md}) and opens only with that key file or passphrase; one created
 * without stays unencrypted. Every method works the same on both.
 */
public final class DiskTarget implements Target {
  private final TargetLayout layout;
  private final DiskOptions options;
  private final AtomicFiles files;
  private final ChunkReader reader;
  private final SegmentStore segments;
  private final Compression compression;
  private final TargetKeys keys;
  private volatile ChunkIndex index;

  /**
   * The load {@link #index} came from, which {@link #recoverLocked} refreshes; null when the index
   * was replaced otherwise (prune), so the next refresh loads everything.
   */
  private IndexLoader.Result loaded;

  private volatile boolean closed;

  private DiskTarget(
      TargetLayout layout, DiskOptions options, Compression compression, TargetKeys keys) {
    this.layout = layout;
    this.options = options;
    this.files = new AtomicFiles(options.fs());
    this.keys = keys;
    this.reader = new ChunkReader(layout, keys);
    this.segments = new SegmentStore(layout, files, keys);
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
    return openOrCreate(dir, compression, DiskOptions.DEFAULT, null);
  }

  /**
   * As {@link #openOrCreate(Path, Compression)} for an encrypted target: a new one is created
   * encrypted, its random master key wrapped under {@code credential}; an existing one must be
   * encrypted and unlock with it.
   *
   * @throws WrongKeyException if an existing target does not unlock with {@code credential}
   * @throws TargetNotEncryptedException if an existing target is not encrypted
   */
  public static DiskTarget openOrCreate(
      Path dir, Compression compression, TargetCredential credential) throws IOException {
    return openOrCreate(dir, compression, DiskOptions.DEFAULT, Objects.requireNonNull(credential));
  }

  /**
   * For tests: as {@link #openOrCreate(Path)}, writing as {@code options} say (through a
   * fault-injecting file layer, into tiny containers).
   */
  static DiskTarget openOrCreate(Path dir, DiskOptions options) throws IOException {
    return openOrCreate(dir, Compression.DEFAULT, options, null);
  }

  /** For tests: as {@link #openOrCreate(Path, DiskOptions)}, encrypted under {@code credential}. */
  static DiskTarget openOrCreate(Path dir, DiskOptions options, TargetCredential credential)
      throws IOException {
    return openOrCreate(dir, Compression.DEFAULT, options, credential);
  }

  /** {@code credential} null: unencrypted. */
  private static DiskTarget openOrCreate(
      Path dir, Compression compression, DiskOptions options, TargetCredential credential)
      throws IOException {
    Path root = dir.toAbsolutePath().normalize();
    TargetLayout layout = new TargetLayout(root);
    if (Files.exists(root) && !Files.isDirectory(root)) {
      throw new NotATargetException(root, "not a directory");
    }
    if (!Files.exists(layout.targetFile())) {
      requireOnlyOwnNames(root);
      create(layout, new AtomicFiles(options.fs()), credential);
    } else if (!Files.isWritable(root)) {
      throw new TargetNotWritableException(root, null);
    }
    return open(root, compression, options, credential);
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
  private static void create(TargetLayout layout, AtomicFiles files, TargetCredential credential)
      throws IOException {
    Path root = layout.root();
    try {
      files.createDir(root);
      if (!Files.isWritable(root)) {
        throw new TargetNotWritableException(root, null);
      }
      for (Path d : List.of(layout.data(), layout.index(), layout.snapshots(), layout.segments())) {
        files.createDir(d);
      }
      try (WriterLock lock = WriterLock.acquire(layout.lock())) {
        TargetFile marker = TargetFile.create();
        if (credential != null) {
          WrappedKey key = WrappedKey.wrap(TargetKeys.generate(), credential, marker.targetId());
          marker = marker.withKey(key);
        }
        files.write(layout.targetFile(), marker.encode());
      }
    } catch (TargetNotWritableException | TargetLockedException | TargetFullException e) {
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
    return open(dir, compression, DiskOptions.DEFAULT, null);
  }

  /**
   * Opens an existing encrypted target with its key file or passphrase. The {@code ferry-target}
   * file is checked first, so a wrong credential fails before anything else is read or cleaned up.
   *
   * @throws WrongKeyException if {@code credential} does not unlock it
   * @throws TargetNotEncryptedException if the target is not encrypted
   */
  public static DiskTarget open(Path dir, Compression compression, TargetCredential credential)
      throws IOException {
    return open(dir, compression, DiskOptions.DEFAULT, Objects.requireNonNull(credential));
  }

  /** For tests: as {@link #open(Path)}, writing as {@code options} say. */
  static DiskTarget open(Path dir, DiskOptions options) throws IOException {
    return open(dir, Compression.DEFAULT, options, null);
  }

  /** For tests: as {@link #open(Path, DiskOptions)}, with {@code credential}. */
  static DiskTarget open(Path dir, DiskOptions options, TargetCredential credential)
      throws IOException {
    return open(dir, Compression.DEFAULT, options, credential);
  }

  /**
   * @throws KeyRequiredException if the target is encrypted and {@code credential} is null
   */
  private static DiskTarget open(
      Path dir, Compression compression, DiskOptions options, TargetCredential credential)
      throws IOException {
    Objects.requireNonNull(compression, "compression");
    Path root = dir.toAbsolutePath().normalize();
    TargetLayout layout = new TargetLayout(root);
    Path marker = layout.targetFile();
    if (!Files.exists(marker, LinkOption.NOFOLLOW_LINKS)) {
      throw new NotATargetException(root, "no " + TargetLayout.TARGET_FILE + " file");
    }
    TargetFile file;
    try {
      file = TargetFile.decode(TargetFile.read(marker), TargetLayout.TARGET_FILE);
    } catch (CorruptDataException e) {
      throw new NotATargetException(root, e.getMessage());
    }
    TargetKeys keys = unlock(root, file, credential);
    for (Path d : List.of(layout.data(), layout.index(), layout.snapshots())) {
      if (!Files.isDirectory(d)) {
        throw new NotATargetException(root, "missing directory " + d.getFileName());
      }
    }
    DiskTarget t = new DiskTarget(layout, options, compression, keys);
    t.loadAndRecoverIfIdle();
    return t;
  }

  /** The target's keys, checking that {@code credential} fits how the target is (not) encrypted. */
  private static TargetKeys unlock(Path root, TargetFile file, TargetCredential credential)
      throws IOException {
    if (file.key().isEmpty()) {
      if (credential != null) {
        throw new TargetNotEncryptedException(root);
      }
      return TargetKeys.NONE;
    }
    WrappedKey key = file.key().get();
    if (credential == null) {
      throw new KeyRequiredException(root, key.sourceName());
    }
    return key.unwrap(credential, file.targetId())
        .orElseThrow(() -> new WrongKeyException(root, credential.description(), key.sourceName()));
  }

  /** For tests: the keys this target seals with ({@link TargetKeys#NONE} if not encrypted). */
  TargetKeys keys() {
    return keys;
  }

  /** True if this target is encrypted. */
  public boolean encrypted() {
    return keys.encrypted();
  }

  /**
   * Wraps this encrypted target's master key under {@code newCredential} instead of the one it was
   * opened with, by rewriting the {@code ferry-target} file atomically (nothing else changes: the
   * data stays sealed under the same master key). Afterwards only {@code newCredential} opens it.
   * Takes the writer lock.
   *
   * @throws TargetNotEncryptedException if this target is not encrypted
   * @throws TargetLockedException if a writer holds the target
   */
  public void changeKey(TargetCredential newCredential) throws IOException {
    ensureOpen();
    Objects.requireNonNull(newCredential, "newCredential");
    if (!keys.encrypted()) {
      throw new TargetNotEncryptedException(layout.root());
    }
    try (WriterLock lock = WriterLock.acquire(layout.lock())) {
      Path marker = layout.targetFile();
      TargetFile file;
      try {
        file = TargetFile.decode(TargetFile.read(marker), TargetLayout.TARGET_FILE);
      } catch (CorruptDataException e) {
        throw new NotATargetException(layout.root(), e.getMessage());
      }
      TargetFile changed = file.withKey(WrappedKey.wrap(keys, newCredential, file.targetId()));
      files.write(marker, changed.encode());
    }
  }

  /**
   * Loads the index, once: under the lock if it is free, then cleans up after a crashed writer;
   * without it if a writer is busy or the target is read-only (no cleanup now).
   */
  private void loadAndRecoverIfIdle() throws IOException {
    Optional<WriterLock> lock;
    try {
      lock = WriterLock.tryAcquire(layout.lock());
    } catch (IOException e) {
      lock = Optional.empty();
    }
    if (lock.isPresent()) {
      try (WriterLock l = lock.get()) {
        recoverLocked();
      }
    } else {
      loaded = IndexLoader.load(layout.index(), keys);
      index = loaded.index();
    }
  }

  /**
   * With the lock held: bring the index up to date (another process may have committed; only index
   * files that are new since the last load are parsed), then clean.
   */
  private synchronized ChunkIndex recoverLocked() throws IOException {
    IndexLoader.Result now =
        loaded == null
            ? IndexLoader.load(layout.index(), keys)
            : IndexLoader.refresh(layout.index(), loaded, keys);
    loaded = now;
    index = now.index();
    Recovery.run(layout, files.fs(), now.index(), now.failures().isEmpty());
    return now.index();
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
    checkNewSnapshot(id, host);
    WriterLock lock = WriterLock.acquire(layout.lock());
    try {
      ChunkIndex fresh = recoverLocked();
      Optional<SnapshotRoot> parent =
          parentId.isPresent() ? Optional.of(readRoot(parentId.getAsLong())) : Optional.empty();
      return new DiskSnapshotWriter(
          layout,
          options,
          fresh,
          reader,
          compression,
          lock,
          id,
          host,
          parentId,
          parent,
          this::indexCommitted);
    } catch (IOException | RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /** A writer's commit added {@code file}'s entries to {@link #index} itself. */
  private synchronized void indexCommitted(Path file) throws IOException {
    if (loaded != null && loaded.index() == index) {
      loaded = IndexLoader.seeing(loaded, file);
    }
  }

  /** The id and host rules every target applies to a new snapshot. */
  public static void checkNewSnapshot(long id, String host) {
    if (id < 0) {
      throw new IllegalArgumentException("snapshot id must be >= 0, got " + id);
    }
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
        if (id.isPresent() && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          readInfo(p, id.getAsLong()).ifPresent(out::add);
        }
      }
    }
    out.sort((a, b) -> Long.compare(a.id(), b.id()));
    return out;
  }

  private Optional<SnapshotInfo> readInfo(Path p, long id) throws IOException {
    if (keys.encrypted()) {
      return readSealedInfo(p, id);
    }
    byte[] prefix;
    try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
      prefix = in.readNBytes(SnapshotCodec.MAX_SUMMARY);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (FileSystemException e) {
      // Swapped for a link since the listing looked: left out, as a link root always is.
      return Optional.empty();
    }
    try {
      SnapshotInfo info = SnapshotCodec.decodeInfo(prefix, layout.relative(p));
      return info.id() == id ? Optional.of(info) : Optional.empty();
    } catch (CorruptDataException | UnsupportedFormatException e) {
      return Optional.empty();
    }
  }

  /** A sealed root opens only whole, so listing reads each root in full. */
  private Optional<SnapshotInfo> readSealedInfo(Path p, long id) throws IOException {
    String name = layout.relative(p);
    try {
      SnapshotInfo info = SnapshotCodec.decodeInfo(SealedRoots.read(p, name, keys), name);
      return info.id() == id ? Optional.of(info) : Optional.empty();
    } catch (FileSystemException e) {
      return Optional.empty(); // gone, or swapped for a link, since the listing looked
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
   * @throws CorruptSnapshotException if it fails its checks, including a hostile entry path, or is
   *     a link, not a regular file or over {@link SnapshotCodec#MAX_BYTES} (refused unread)
   */
  public Snapshot readSnapshot(long id) throws IOException {
    SnapshotRoot root = readRoot(id);
    Path p = layout.snapshotFile(id);
    return new Snapshot(root.info(), segments.entries(root, layout.relative(p)));
  }

  /** Reads and checks one root, without its segments. */
  private SnapshotRoot readRoot(long id) throws IOException {
    ensureOpen();
    Path p = layout.snapshotFile(id);
    byte[] bytes;
    try {
      bytes = SealedRoots.read(p, layout.relative(p), keys);
    } catch (NoSuchFileException e) {
      throw new SnapshotNotFoundException(id, layout.root());
    }
    SnapshotRoot root = SnapshotCodec.decodeRoot(bytes, layout.relative(p));
    if (root.info().id() != id) {
      throw new CorruptSnapshotException(layout.relative(p), "holds snapshot " + root.info().id());
    }
    return root;
  }

  /**
   * Hands {@code out} every path that differs from snapshot {@code olderId} to {@code newerId}, in
   * path order ({@link PathOrder}), by one merge pass over the two roots; either id may be the
   * older in time. Both roots, and every segment only one of them names, are read and fully checked
   * first, so a damaged one fails before anything is handed out; segments both name are not read
   * (they cannot differ). Memory: the entries of the segments not shared.
   *
   * @throws SnapshotNotFoundException if either does not exist
   * @throws CorruptSnapshotException if either fails its checks
   */
  public DiffSummary diff(long olderId, long newerId, Consumer<EntryChange> out)
      throws IOException {
    SnapshotRoot older = readRoot(olderId);
    SnapshotRoot newer = readRoot(newerId);
    // A segment both roots name holds the same entries in both: it cannot add a line, so it is
    // not read. This is what makes diffing two snapshots of a big tree cost what changed.
    Set<ChunkHash> shared = new HashSet<>();
    older.segments().forEach(r -> shared.add(r.hash()));
    Set<ChunkHash> inNewer = new HashSet<>();
    newer.segments().forEach(r -> inNewer.add(r.hash()));
    shared.retainAll(inNewer);
    List<FileEntry> a = entriesOutside(older, shared, olderId);
    List<FileEntry> b = entriesOutside(newer, shared, newerId);
    return SnapshotDiff.diff(a.iterator(), b.iterator(), out);
  }

  /** For prune: root {@code id}'s entries, but none of a segment in {@code seen}, which grows. */
  private void entriesOnce(long id, Set<ChunkHash> seen, Pruner.EntryVisitor visitor)
      throws IOException {
    SnapshotRoot root = readRoot(id);
    if (!root.isSegmented()) {
      for (FileEntry e : root.inline()) {
        visitor.visit(e);
      }
      return;
    }
    for (SegmentRef ref : root.segments()) {
      if (seen.add(ref.hash())) {
        for (FileEntry e : segments.read(ref)) {
          visitor.visit(e);
        }
      }
    }
  }

  /** {@code root}'s entries, less those of the segments in {@code skip}, in path order. */
  private List<FileEntry> entriesOutside(SnapshotRoot root, Set<ChunkHash> skip, long id)
      throws IOException {
    if (skip.isEmpty() || !root.isSegmented()) {
      return segments.entries(root, layout.relative(layout.snapshotFile(id)));
    }
    List<FileEntry> out = new ArrayList<>();
    for (SegmentRef ref : root.segments()) {
      if (!skip.contains(ref.hash())) {
        out.addAll(segments.read(ref));
      }
    }
    return out;
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
   * each file to a temp name in its destination dir, sets permission bits and mtime (ns precision),
   * makes it durable, renames into place, then makes the names durable (see {@link Restorer}).
   * Creates each symbolic link with its exact text under a temp name, sets its mtime without
   * following it (µs precision), renames it into place; links come after every file. Never writes
   * outside toDir (re-checks each resolved path; refuses entries whose parents on disk are
   * symlinks, and entries beneath a link entry of the snapshot); never follows a link. A corrupt
   * chunk: that file fails with an error naming it; no silently wrong output (temp file deleted);
   * continues with the rest and reports failures in the result.
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
    return verify(readData ? new DataSubset.All() : new DataSubset.None());
  }

  /**
   * The structure check of {@link #verify(boolean)} on every container, and the data check on the
   * containers {@code subset} selects. Reads the target from scratch, not through this instance's
   * index or caches. A damage reaches an entry when restoring that entry would fail because of it.
   */
  public VerifyReport verify(DataSubset subset) throws IOException {
    ensureOpen();
    return new Checker(layout, keys, subset, new SecureRandom()).run();
  }

  /**
   * Forgets snapshots: removes their roots durably, so listing, restore and verify no longer see
   * them. Their chunks stay until prune. Takes the writer lock, so it waits for no drain: a busy
   * target fails at once. All or nothing as far as checks go: every id is checked before anything
   * is deleted.
   *
   * @return the snapshots forgotten, in id order
   * @throws SnapshotNotFoundException if an id is not on the target
   * @throws NewestSnapshotException if an id is the newest snapshot of its host
   * @throws TargetLockedException if a writer holds the target
   */
  public List<SnapshotInfo> forget(Collection<Long> ids) throws IOException {
    ensureOpen();
    try (WriterLock lock = WriterLock.acquire(layout.lock())) {
      List<SnapshotInfo> doomed = ForgetRule.doomed(snapshots(), ids, layout.root().toString());
      SnapshotRemoval.removeRoots(
          layout, files.fs(), doomed.stream().map(SnapshotInfo::id).toList(), lock);
      return doomed;
    }
  }

  /**
   * Reclaims the space of chunks no snapshot references (after {@link #forget}): drops their index
   * entries, deletes wholly unused containers and repacks partly used ones, crash-safe at every
   * step (see {@link Pruner}). A chunk any snapshot root references is never removed.
   *
   * <p>Readers in other processes that loaded the index before a prune may fail to find a chunk
   * that was moved; reopening the target finds it.
   *
   * @param maxUnusedPercent repack a container when more than this share of it is unused
   * @throws PruneRefusedException if an index file or root cannot be read, or a root needs a chunk
   *     that is not indexed: then nothing is removed
   * @throws TargetLockedException if a writer holds the target
   */
  public PruneReport prune(int maxUnusedPercent) throws IOException {
    ensureOpen();
    try (WriterLock lock = WriterLock.acquire(layout.lock())) {
      // Dropped first, so the old and the fresh index are never both in memory: readers in this
      // JVM see no chunks for the moment it takes to load.
      index = new ChunkIndex();
      loaded = null;
      IndexLoader.Result fresh = IndexLoader.load(layout.index(), keys);
      index = fresh.index();
      Recovery.run(layout, options.fs(), fresh.index(), fresh.failures().isEmpty());
      Pruner pruner = new Pruner(layout, options, reader, compression, maxUnusedPercent);
      PruneReport r =
          pruner.run(rootIds(), this::entriesOnce, fresh.index(), fresh.failures(), lock);
      index = pruner.indexAfter();
      return r;
    }
  }

  /**
   * Every name in {@code snapshots/} that is a root's, readable or not: prune must see a damaged
   * root (and refuse) rather than treat its chunks as unused.
   */
  private List<Long> rootIds() throws IOException {
    List<Long> ids = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(layout.snapshots())) {
      for (Path p : ds) {
        TargetLayout.snapshotId(p.getFileName().toString()).ifPresent(ids::add);
      }
    }
    ids.sort(null);
    return ids;
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
