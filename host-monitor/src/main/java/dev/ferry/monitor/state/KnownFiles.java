package dev.ferry.monitor.state;

import dev.ferry.monitor.journal.ChangeRecord;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The agent's knowledge of every followed path: what it last recorded (or scanned) for it. Deletes,
 * renames and rescans compare against it; a {@link StateIndex} checkpoint persists it, and the
 * journal records appended after the checkpoint bring it up to date on a restart ({@link #apply}).
 *
 * <p>Not thread-safe: owned by the save detector's worker thread. {@link #copy} gives an immutable
 * view another thread may encode (its values are immutable).
 */
public final class KnownFiles {
  private final Map<Path, KnownFile> files;

  public KnownFiles() {
    this(new HashMap<>());
  }

  private KnownFiles(Map<Path, KnownFile> files) {
    this.files = files;
  }

  /** Takes over {@code files} (absolute, normalized paths). */
  public static KnownFiles of(Map<Path, KnownFile> files) {
    return new KnownFiles(new HashMap<>(files));
  }

  public KnownFile get(Path file) {
    return files.get(file);
  }

  public boolean contains(Path file) {
    return files.containsKey(file);
  }

  public void put(Path file, KnownFile k) {
    files.put(file, k);
  }

  public KnownFile remove(Path file) {
    return files.remove(file);
  }

  public int size() {
    return files.size();
  }

  public void removeIf(Predicate<Path> drop) {
    files.keySet().removeIf(drop);
  }

  /** The entries at or under {@code dir}: a copy, safe to modify the map while iterating it. */
  public Map<Path, KnownFile> under(Path dir) {
    Map<Path, KnownFile> out = new HashMap<>();
    for (Map.Entry<Path, KnownFile> e : files.entrySet()) {
      if (e.getKey().startsWith(dir)) {
        out.put(e.getKey(), e.getValue());
      }
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
      case DELETED -> files.remove(file);
      case RENAMED -> {
        files.remove(root.resolve(r.renamedFrom()).normalize());
        files.put(file, fromRecord(r));
      }
      case CREATED, MODIFIED -> files.put(file, fromRecord(r));
    }
  }

  /** The knowledge a record carries; its ctime is exact from format version 2 on. */
  static KnownFile fromRecord(ChangeRecord r) {
    long ctime = r.hasCtime() ? r.ctimeNanos() : r.savedAtNanos();
    FileState st =
        new FileState(r.type(), r.device(), r.inode(), r.size(), r.mtimeNanos(), r.mode(), ctime);
    PackedBlocks blocks = st.isLink() ? null : PackedBlocks.of(r.blocks());
    return new KnownFile(st, r.hasCtime(), blocks);
  }
}
