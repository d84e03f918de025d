package dev.ferry.target.disk;

import dev.ferry.target.FileEntry;
import dev.ferry.target.PathOrder;
import dev.ferry.target.snapshot.SegmentCodec;
import dev.ferry.target.snapshot.SegmentRef;
import dev.ferry.target.snapshot.SnapshotRoot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The entries of a snapshot being written, kept as the parent's segments: a segment is read only
 * when a path inside its range is put or removed, and at commit only those are written again; every
 * other segment is carried over by reference. This is what makes a snapshot's cost follow what
 * changed rather than the size of the tree. Not thread-safe.
 *
 * <p>A slot covers the paths from its lower bound up to the next slot's; the first slot also takes
 * every path below its bound. Bounds are fixed while the snapshot is written; {@link #commit}
 * splits slots that grew too large and merges ones that shrank.
 */
final class SnapshotEntries {
  /** Segments are written with about this many entries, or this many bytes, whichever is less. */
  static final int TARGET_ENTRIES = 2048;

  static final int TARGET_BYTES = 512 << 10;

  /** A changed segment is split once it is twice the target, merged once under an eighth. */
  private static final int SPLIT_FACTOR = 2;

  private static final int MERGE_DIVISOR = 8;

  /** One range of paths: a parent's segment not yet read ({@code ref}), or entries in memory. */
  private static final class Slot {
    SegmentRef ref;
    TreeMap<String, FileEntry> entries;

    Slot(SegmentRef ref) {
      this.ref = ref;
    }

    Slot(TreeMap<String, FileEntry> entries) {
      this.entries = entries;
    }
  }

  private final SegmentStore store;
  private final TreeMap<String, Slot> slots = new TreeMap<>(PathOrder.COMPARATOR);

  private SnapshotEntries(SegmentStore store) {
    this.store = store;
  }

  /** Entries that start empty (a snapshot without parent). */
  static SnapshotEntries empty(SegmentStore store) {
    SnapshotEntries s = new SnapshotEntries(store);
    s.slots.put("", new Slot(new TreeMap<>(PathOrder.COMPARATOR)));
    return s;
  }

  /** Entries that start as {@code parent}'s: its segments, or its inline entries in memory. */
  static SnapshotEntries startingFrom(SnapshotRoot parent, SegmentStore store) {
    SnapshotEntries s = new SnapshotEntries(store);
    if (!parent.isSegmented() || parent.segments().isEmpty()) {
      TreeMap<String, FileEntry> all = new TreeMap<>(PathOrder.COMPARATOR);
      for (FileEntry e : parent.inline()) {
        all.put(e.path(), e);
      }
      s.slots.put("", new Slot(all));
    } else {
      for (SegmentRef ref : parent.segments()) {
        s.slots.put(ref.firstPath(), new Slot(ref));
      }
    }
    return s;
  }

  /** Adds or replaces the entry at {@code e.path()}. */
  void put(FileEntry e) throws IOException {
    loaded(slotFor(e.path())).put(e.path(), e);
  }

  /** Drops the entry at {@code path}; absent is a no-op. */
  void remove(String path) throws IOException {
    loaded(slotFor(path)).remove(path);
  }

  private Slot slotFor(String path) {
    Map.Entry<String, Slot> e = slots.floorEntry(path);
    return (e != null ? e : slots.firstEntry()).getValue();
  }

  private TreeMap<String, FileEntry> loaded(Slot slot) throws IOException {
    if (slot.entries == null) {
      TreeMap<String, FileEntry> m = new TreeMap<>(PathOrder.COMPARATOR);
      for (FileEntry e : store.read(slot.ref)) {
        m.put(e.path(), e);
      }
      slot.entries = m;
      slot.ref = null;
    }
    return slot.entries;
  }

  /**
   * Writes every changed range as segments (split or merged to near the target size) and makes them
   * durable; returns the whole table in path order. A carried-over segment must still be on disk:
   * one gone since the parent was written fails here rather than in a later restore.
   *
   * @throws dev.ferry.target.CorruptSnapshotException if a carried-over segment is missing
   */
  List<SegmentRef> commit() throws IOException {
    mergeSmall();
    List<Object> order = new ArrayList<>();
    List<List<FileEntry>> runs = new ArrayList<>();
    for (Slot slot : slots.values()) {
      if (slot.entries == null) {
        if (!store.exists(slot.ref)) {
          store.read(slot.ref); // throws, naming the file
        }
        order.add(slot.ref);
      } else if (!slot.entries.isEmpty()) {
        for (List<FileEntry> run : split(new ArrayList<>(slot.entries.values()))) {
          order.add(runs.size());
          runs.add(run);
        }
      }
    }
    List<SegmentRef> written = store.writeAll(runs);
    List<SegmentRef> table = new ArrayList<>(order.size());
    for (Object o : order) {
      table.add(o instanceof SegmentRef r ? r : written.get((Integer) o));
    }
    return table;
  }

  /**
   * Folds each changed slot that shrank under an eighth of the target into its right neighbour (the
   * last one into its left), so deletes do not leave a trail of tiny segments.
   */
  private void mergeSmall() throws IOException {
    List<String> bounds = new ArrayList<>(slots.keySet());
    for (int i = 0; i + 1 < bounds.size(); i++) {
      Slot slot = slots.get(bounds.get(i));
      if (slot.entries != null && isSmall(slot.entries)) {
        Slot next = slots.get(bounds.get(i + 1));
        loaded(next).putAll(slot.entries);
        slots.remove(bounds.get(i));
        // The neighbour now starts where this slot did; the first slot keeps its bound.
        slots.remove(bounds.get(i + 1));
        slots.put(bounds.get(i), next);
        bounds.set(i + 1, bounds.get(i));
      }
    }
    Map.Entry<String, Slot> last = slots.lastEntry();
    Map.Entry<String, Slot> before = slots.lowerEntry(last.getKey());
    if (before != null && last.getValue().entries != null && isSmall(last.getValue().entries)) {
      loaded(before.getValue()).putAll(last.getValue().entries);
      slots.remove(last.getKey());
    }
  }

  private static boolean isSmall(TreeMap<String, FileEntry> entries) {
    return entries.size() < TARGET_ENTRIES / MERGE_DIVISOR
        && bytes(entries.values()) < TARGET_BYTES / MERGE_DIVISOR;
  }

  /**
   * One run if it is under twice the target; else runs of about the target size, the last one
   * folded into the one before if it would be under half the target.
   */
  static List<List<FileEntry>> split(List<FileEntry> all) {
    if (all.size() < SPLIT_FACTOR * TARGET_ENTRIES && bytes(all) < SPLIT_FACTOR * TARGET_BYTES) {
      return List.of(all);
    }
    List<List<FileEntry>> runs = new ArrayList<>();
    int start = 0;
    long size = 0;
    for (int i = 0; i < all.size(); i++) {
      size += SegmentCodec.encodedSize(all.get(i));
      if (i + 1 - start >= TARGET_ENTRIES || size >= TARGET_BYTES) {
        runs.add(all.subList(start, i + 1));
        start = i + 1;
        size = 0;
      }
    }
    if (start < all.size()) {
      List<FileEntry> rest = all.subList(start, all.size());
      if (!runs.isEmpty() && rest.size() < TARGET_ENTRIES / 2 && size < TARGET_BYTES / 2) {
        int last = runs.size() - 1;
        int from = all.size() - rest.size() - runs.get(last).size();
        runs.set(last, all.subList(from, all.size()));
      } else {
        runs.add(rest);
      }
    }
    return runs;
  }

  private static long bytes(Iterable<FileEntry> entries) {
    long b = 0;
    for (FileEntry e : entries) {
      b += SegmentCodec.encodedSize(e);
    }
    return b;
  }
}
