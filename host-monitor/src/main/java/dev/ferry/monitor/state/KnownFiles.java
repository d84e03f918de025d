package dev.ferry.monitor.state;

import dev.ferry.monitor.journal.ChangeRecord;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The agent's knowledge of every followed path: what it last recorded (or scanned) for it. Deletes,
 * renames and rescans compare against it; a {@link StateIndex} checkpoint persists it, and the
 * journal records appended after the checkpoint bring it up to date on a restart ({@link #apply}).
 *
 * <p>Memory: per path its state and block-map digest; the block maps themselves only for the files
 * recorded most recently, up to {@link #DEFAULT_BLOCK_BUDGET} chunks (12 bytes each), so a rename
 * of a recently saved file reuses its map without reading it while the agent's memory does not grow
 * with the data size. An older file renamed is read again to map it (not copied again: the copy
 * manager knows its chunks).
 *
 * <p>Not thread-safe: owned by the save detector's worker thread. {@link #copy} gives an immutable
 * view another thread may encode (its values are immutable).
 */
public final class KnownFiles {
  /** Chunks of block maps kept: 1 Mi × 12 bytes, the maps of ~64 GiB of recently saved data. */
  public static final long DEFAULT_BLOCK_BUDGET = 1L << 20;

  private final TreeMap<Path, KnownFile> files;
  private final long blockBudget;

  /** Paths whose entry holds a block map, the longest held first. */
  private final LinkedHashSet<Path> held = new LinkedHashSet<>();

  private long heldChunks;

  public KnownFiles() {
    this(Map.of(), DEFAULT_BLOCK_BUDGET);
  }

  KnownFiles(Map<Path, KnownFile> files, long blockBudget) {
    this.files = new TreeMap<>(files);
    this.blockBudget = blockBudget;
    for (Map.Entry<Path, KnownFile> e : files.entrySet()) {
      hold(e.getKey(), e.getValue());
    }
    trim();
  }

  /** From a checkpoint's map (absolute, normalized paths). */
  public static KnownFiles of(Map<Path, KnownFile> files) {
    return new KnownFiles(files, DEFAULT_BLOCK_BUDGET);
  }

  public KnownFile get(Path file) {
    return files.get(file);
  }

  public boolean contains(Path file) {
    return files.containsKey(file);
  }

  public void put(Path file, KnownFile k) {
    release(file, files.put(file, k));
    hold(file, k);
    trim();
  }

  public KnownFile remove(Path file) {
    KnownFile old = files.remove(file);
    release(file, old);
    return old;
  }

  public int size() {
    return files.size();
  }

  /** Chunks of block maps held now; for tests. */
  long heldChunks() {
    return heldChunks;
  }

  public void removeIf(Predicate<Path> drop) {
    files.entrySet().removeIf(e -> drop.test(e.getKey()) && release(e.getKey(), e.getValue()));
  }

  /**
   * The entries at or under {@code dir}: a copy, safe to modify the map while iterating it. A range
   * of the sorted map, not a scan: a mass delete (a checkout, {@code rm -r}) asks this for every
   * path it removes.
   */
  public Map<Path, KnownFile> under(Path dir) {
    Map<Path, KnownFile> out = new HashMap<>();
    for (Map.Entry<Path, KnownFile> e : PathRanges.under(files, dir).entrySet()) {
      out.put(e.getKey(), e.getValue());
    }
    return out;
  }

  public Set<Path> paths() {
    return Set.copyOf(files.keySet());
  }

  /** An immutable copy, for a checkpoint written by another thread. */
  public Map<Path, KnownFile> copy() {
    return Map.copyOf(files);
  }

  /**
   * Brings the map up to date with one journal record, as if the agent had just appended it: a
   * DELETED record forgets its path, a RENAMED one its old path, and the others (and RENAMED's new
   * path) become known with the record's state and block map.
   */
  public void apply(ChangeRecord r) {
    Path root = Path.of(r.root());
    Path file = root.resolve(r.path()).normalize();
    switch (r.kind()) {
      case DELETED -> remove(file);
      case RENAMED -> {
        remove(root.resolve(r.renamedFrom()).normalize());
        put(file, fromRecord(r));
      }
      case CREATED, MODIFIED -> put(file, fromRecord(r));
    }
  }

  /** The knowledge a record carries; its ctime is exact from format version 2 on. */
  static KnownFile fromRecord(ChangeRecord r) {
    long ctime = r.hasCtime() ? r.ctimeNanos() : r.savedAtNanos();
    FileState st =
        new FileState(r.type(), r.device(), r.inode(), r.size(), r.mtimeNanos(), r.mode(), ctime);
    return KnownFile.recorded(st, r.hasCtime(), PackedBlocks.of(r.blocks()));
  }

  /** Accounts for {@code k}, just put at {@code file}: a map it holds is now the newest held. */
  private void hold(Path file, KnownFile k) {
    if (k != null && k.blocks() != null) {
      held.add(files.floorKey(file)); // the map's own key object: one Path per file, not two
      heldChunks += k.blocks().count();
    }
  }

  /** Accounts for the entry {@code old} of {@code file} leaving the map; true, for removeIf. */
  private boolean release(Path file, KnownFile old) {
    if (old != null && old.blocks() != null) {
      held.remove(file);
      heldChunks -= old.blocks().count();
    }
    return true;
  }

  /** Drops the longest-held block maps until the budget holds (their digests stay). */
  private void trim() {
    Iterator<Path> oldest = held.iterator();
    while (heldChunks > blockBudget && oldest.hasNext()) {
      Path p = oldest.next();
      oldest.remove();
      KnownFile k = files.get(p);
      heldChunks -= k.blocks().count();
      files.put(p, k.withoutBlocks());
    }
  }
}
