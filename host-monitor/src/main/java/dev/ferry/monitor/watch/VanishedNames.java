package dev.ferry.monitor.watch;

import dev.ferry.monitor.state.FileState;
import dev.ferry.monitor.state.KnownFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Known names that disappeared and wait out the rename window, by identity (device, inode): every
 * name, even several of one inode (hard links), so each gets its own DELETED if no rename claims
 * it. Worker-confined, like the detector.
 */
final class VanishedNames {
  /** A known name gone; identity matters (several may be equal), so not a record. */
  static final class Vanished {
    final Path path;
    final KnownFile known;
    final long detectedAt;

    /** Seen by a delete event with no change event since its state: only a rename moved it. */
    final boolean onlyMoved;

    Vanished(Path path, KnownFile known, long detectedAt, boolean onlyMoved) {
      this.path = path;
      this.known = known;
      this.detectedAt = detectedAt;
      this.onlyMoved = onlyMoved;
    }
  }

  private final Map<FileKey, List<Vanished>> byKey = new HashMap<>();

  /** Holds {@code v}; a name already held is superseded by its newer vanishing. */
  void add(Vanished v) {
    List<Vanished> names =
        byKey.computeIfAbsent(FileKey.of(v.known.state()), x -> new ArrayList<>());
    names.removeIf(x -> x.path.equals(v.path));
    names.add(v);
  }

  /** Removes {@code v}; false if it is not held (a rename took it, or it was superseded). */
  boolean remove(Vanished v) {
    FileKey key = FileKey.of(v.known.state());
    List<Vanished> names = byKey.get(key);
    if (names == null || !names.removeIf(x -> x == v)) {
      return false;
    }
    if (names.isEmpty()) {
      byKey.remove(key);
    }
    return true;
  }

  void removeIf(Predicate<Path> drop) {
    for (List<Vanished> names : byKey.values()) {
      names.removeIf(v -> drop.test(v.path));
    }
    byKey.values().removeIf(List::isEmpty);
  }

  /**
   * The vanished name a file with state {@code st} at {@code file} may have been renamed from: same
   * identity, size and mtime, accepted by {@code sameRoot}; of several names of one inode (hard
   * links), preferably one with the same file name. Null if none.
   */
  Vanished renameSource(Path file, FileState st, Predicate<Path> sameRoot) {
    List<Vanished> candidates = byKey.get(FileKey.of(st));
    if (candidates == null) {
      return null;
    }
    Vanished best = null;
    for (Vanished v : candidates) {
      if (!st.mayBeRenamedFrom(v.known.state()) || !sameRoot.test(v.path)) {
        continue;
      }
      if (best == null || (sameName(v.path, file) && !sameName(best.path, file))) {
        best = v;
      }
    }
    return best;
  }

  private static boolean sameName(Path a, Path b) {
    return a.getFileName().equals(b.getFileName());
  }
}
