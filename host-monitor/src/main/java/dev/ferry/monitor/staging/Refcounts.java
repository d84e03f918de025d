package dev.ferry.monitor.staging;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How many blocks of live versions (and of a committing writer) use each row of each pack. Never
 * stored: always computed from pointer tables, so it cannot disagree with them. Not thread-safe.
 */
final class Refcounts {
  private final Map<Long, int[]> counts = new HashMap<>();

  /** The references of every live version in {@code idx} except those in {@code excluded}. */
  static Refcounts of(StoreIndex idx, Set<Long> excluded, List<PointerRange> writerRefs) {
    Refcounts rc = new Refcounts();
    for (Pack p : idx.all()) {
      if (p.isVersion() && !excluded.contains(p.id())) {
        for (PointerRange r : p.layout().ranges()) {
          idx.resolve(p, r).ifPresent(owner -> rc.add(owner, r));
        }
      }
    }
    for (PointerRange r : writerRefs) {
      Pack owner = idx.get(r.owner());
      if (owner != null && owner.layout().holds(r.first(), r.count())) {
        rc.add(owner, r);
      }
    }
    return rc;
  }

  private void add(Pack owner, PointerRange r) {
    int[] c = counts.computeIfAbsent(owner.id(), k -> new int[owner.layout().rows().size()]);
    for (int i = r.first(); i < r.first() + r.count(); i++) {
      c[i]++;
    }
  }

  boolean referenced(long packId, int row) {
    int[] c = counts.get(packId);
    return c != null && c[row] > 0;
  }

  /** Which rows of {@code p} must stay: present and referenced, or present if pinned. */
  boolean[] kept(Pack p, boolean pinned) {
    List<ChunkRow> rows = p.layout().rows();
    boolean[] keep = new boolean[rows.size()];
    for (int i = 0; i < keep.length; i++) {
      keep[i] = rows.get(i).present() && (pinned || referenced(p.id(), i));
    }
    return keep;
  }

  /**
   * The size {@code p} has once its unkept rows are removed: 0 if none is kept, unchanged if it has
   * no garbage, else the size of the compacted residue.
   */
  static long sizeAfter(Pack p, boolean[] keep) {
    long kept = 0;
    long garbage = 0;
    for (int i = 0; i < keep.length; i++) {
      ChunkRow r = p.layout().rows().get(i);
      if (keep[i]) {
        kept += r.length();
      } else if (r.present()) {
        garbage += r.length();
      }
    }
    if (kept == 0) {
      return 0;
    }
    if (garbage == 0) {
      return p.size();
    }
    return PackCodec.PREAMBLE
        + kept
        + PackCodec.metaSize(p.key(), keep.length, 0)
        + PackCodec.TRAILER;
  }

  /** Bytes of present rows of {@code p} not kept. */
  static long garbage(Pack p, boolean[] keep) {
    long g = 0;
    for (int i = 0; i < keep.length; i++) {
      ChunkRow r = p.layout().rows().get(i);
      g += r.present() && !keep[i] ? r.length() : 0;
    }
    return g;
  }
}
