package dev.ferry.monitor.staging;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The staging store: every save of an every-save path kept as its own version until the copy
 * manager has copied it (src-docs/staging-format.md).
 *
 * <p>Typical use at save time: {@code try (StageWriter w = store.begin(root, path, savedAt)) {
 * mapper.map(file, w); id = w.commit(); }} and record {@code id} with the change record; at drain
 * time: {@code store.open(id)}, copy {@link StagedVersion#newInputStream()}, then {@link
 * #release(long)}.
 *
 * <p><b>Thread-safe</b>: every method may be called from any thread; writers stream their chunks
 * without holding the store's lock. <b>Durability</b>: {@code commit} and {@code release} return
 * after their effect is fsynced (file and directory); a kill -9 or power loss at any instant leaves
 * each version either whole and verified or absent. <b>Ownership</b>: the store owns its folder,
 * one process at a time (an OS lock on {@code DIR/lock}); nothing else may write there.
 */
public final class StagingStore implements Closeable {
  private static final Logger LOG = Logger.getLogger(StagingStore.class);
  static final long ID_BLOCK = 4096;
  static final long REBUILD_JUMP = 1L << 32;

  private final Path dir;
  private final Path packs;
  private final long quota;
  private final boolean mergeRanges;
  private final FolderLock lock;
  private final Object mu = new Object();
  private final StoreIndex index = new StoreIndex();
  private final Collector collector = new Collector(index);
  private List<Recovery.Damaged> damaged = List.of();
  private final Evictions evictions;
  private long nextId;
  private long tempSeq;
  private boolean closed;

  /**
   * Opens (creating if needed) the store in {@code dir} and recovers it: deletes partial files,
   * sets aside packs that do not decode, removes garbage.
   *
   * @param quotaBytes the most bytes the committed packs may take
   * @throws StagingLockedException if another process has it open
   */
  public static StagingStore open(Path dir, long quotaBytes) throws IOException {
    return new StagingStore(dir, quotaBytes, true);
  }

  /** Test and bench hook: {@code mergeRanges = false} writes one pointer entry per block. */
  static StagingStore open(Path dir, long quotaBytes, boolean mergeRanges) throws IOException {
    return new StagingStore(dir, quotaBytes, mergeRanges);
  }

  private StagingStore(Path dir, long quotaBytes, boolean mergeRanges) throws IOException {
    if (quotaBytes <= 0) {
      throw new IllegalArgumentException("quota must be positive: " + quotaBytes);
    }
    this.dir = dir;
    this.packs = dir.resolve("packs");
    this.quota = quotaBytes;
    this.mergeRanges = mergeRanges;
    Durable.createDir(dir);
    this.lock = FolderLock.take(dir);
    try {
      Files.deleteIfExists(dir.resolve(StateFile.NAME + Durable.TEMP_SUFFIX));
      boolean fresh = !Files.isDirectory(packs);
      if (fresh && !Files.exists(dir.resolve(StateFile.NAME), LinkOption.NOFOLLOW_LINKS)) {
        StateFile.write(dir, StoreState.EMPTY); // before packs/: packs without state = damage
      }
      Durable.createDir(packs);
      Recovery.Result r = Recovery.run(packs, index);
      this.damaged = r.damaged();
      this.evictions = Evictions.load(dir, r.maxIdSeen());
      this.nextId = Math.max(evictions.state().idHighWater(), r.maxIdSeen()) + 1;
      collector.retireSupersededBases(null);
      collector.collect(false, null, List.of());
      for (Recovery.Damaged d : damaged) {
        LOG.warnf("staging: %s is damaged and left aside: %s", d.file(), d.reason());
      }
    } catch (IOException | RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /** Same as {@link #begin(String, String, long)} saved now. */
  public StageWriter begin(String root, String path) throws IOException {
    Instant now = Instant.now();
    return begin(root, path, now.getEpochSecond() * 1_000_000_000L + now.getNano());
  }

  /**
   * Starts staging a save of {@code path} under {@code root}. The writer dedupes against every
   * chunk the store holds for this path key (versions, base, residues) and nothing else.
   *
   * @param savedAtNanos when the file was judged saved (the change record's {@code savedAtNanos})
   * @throws IllegalArgumentException if root or path break the rules of src-docs/staging-format.md
   */
  public StageWriter begin(String root, String path, long savedAtNanos) throws IOException {
    PathKey key = new PathKey(root, path);
    synchronized (mu) {
      ensureOpen();
      Map<Long, StageWriter.Candidate> history = index.history(key);
      Path temp = packs.resolve("w-" + ++tempSeq + "-" + System.nanoTime() + Durable.TEMP_SUFFIX);
      index.pin(key);
      try {
        return new StageWriter(this, key, savedAtNanos, history, mergeRanges, temp);
      } catch (IOException | RuntimeException e) {
        index.unpin(key);
        throw e;
      }
    }
  }

  /** Called by {@link StageWriter#commit()}: rule 4 of src-docs/staging-format.md. */
  long commit(StageWriter w) throws IOException {
    long id;
    synchronized (mu) {
      ensureOpen();
      id = allocateId();
    }
    PackLayout layout = w.seal(id);
    w.closeChannel();
    long size = layout.fileSize();
    synchronized (mu) {
      ensureOpen();
      List<PointerRange> refs = w.externalRefs();
      EvictionPlanner.Plan plan = EvictionPlanner.plan(index, w.key(), refs, size, quota);
      evictions.execute(plan, w.key(), refs, collector, index, quota);
      if (index.usedBytes() + size > quota) {
        throw new StagingQuotaExceededException(
            "save of " + w.key(), size, quota, "reclaiming fell short (a damaged residue?)");
      }
      Path dest = packs.resolve(PackFile.fileName(id, PackState.STAGE));
      try {
        Durable.rename(w.temp(), dest);
      } catch (IOException e) {
        Files.deleteIfExists(dest);
        throw e;
      }
      index.put(new Pack(dest, PackState.STAGE, size, layout));
      index.unpin(w.key()); // nothing below throws: the writer must not unpin again
      collectQuietly();
      return id;
    }
  }

  private long allocateId() throws IOException {
    long id = nextId;
    if (id > evictions.state().idHighWater()) {
      evictions.reserveIds(id + ID_BLOCK - 1);
    }
    nextId++;
    return id;
  }

  /** Called by a writer that ends without committing. */
  void writerDone(PathKey key) {
    synchronized (mu) {
      index.unpin(key);
    }
  }

  /**
   * Opens a staged version for reading, if it is still staged (committed and not evicted; a
   * released version stays readable while it is kept as its path's base).
   *
   * @throws StagedChunkDamagedException if its pointer table names chunks the store lost
   */
  public Optional<StagedVersion> open(long stageId) throws IOException {
    synchronized (mu) {
      ensureOpen();
      Pack p = index.get(stageId);
      if (p == null || !p.isVersion()) {
        return Optional.empty();
      }
      return Optional.of(VersionResolver.open(index, p));
    }
  }

  /**
   * The copy manager has copied this version: it is no longer needed as a version. The newest
   * released version of a path stays as the base of the next delta (evicted first under quota);
   * older released ones go at once. Durable when it returns. Idempotent.
   *
   * @return false if no such version is staged (never was, or was evicted)
   */
  public boolean release(long stageId) throws IOException {
    synchronized (mu) {
      ensureOpen();
      Pack p = index.get(stageId);
      if (p == null || p.state() == PackState.RESIDUE) {
        return false;
      }
      if (p.state() == PackState.STAGE) {
        Path dest = packs.resolve(PackFile.fileName(stageId, PackState.BASE));
        Durable.rename(p.file(), dest);
        index.put(p.renamed(dest, PackState.BASE));
        collector.retireSupersededBases(p.key());
        collectQuietly();
      }
      return true;
    }
  }

  /** Stage ids of the readable versions (staged or kept as base) of a path, oldest first. */
  public List<Long> versions(String root, String path) {
    synchronized (mu) {
      List<Long> out = new ArrayList<>();
      for (Pack p : index.of(new PathKey(root, path))) {
        if (p.isVersion()) {
          out.add(p.id());
        }
      }
      return out;
    }
  }

  public long quotaBytes() {
    return quota;
  }

  public StagingUsage usage() {
    synchronized (mu) {
      int staged = 0;
      int bases = 0;
      long residue = 0;
      for (Pack p : index.all()) {
        staged += p.state() == PackState.STAGE ? 1 : 0;
        bases += p.state() == PackState.BASE ? 1 : 0;
        residue += p.state() == PackState.RESIDUE ? p.size() : 0;
      }
      long damagedBytes = damaged.stream().mapToLong(Recovery.Damaged::size).sum();
      return evictions.usage(
          quota, index.usedBytes(), staged, bases, residue, damaged.size(), damagedBytes);
    }
  }

  /** Releases the lock. Open writers fail at commit; open {@link StagedVersion}s stay readable. */
  @Override
  public void close() throws IOException {
    synchronized (mu) {
      if (closed) {
        return;
      }
      closed = true;
      lock.close();
    }
  }

  private void collectQuietly() {
    try {
      collector.collect(false, null, List.of());
    } catch (IOException e) {
      LOG.warnf("staging: garbage collection failed, retried later: %s", e);
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("staging store " + dir + " is closed");
    }
  }
}
