package dev.ferry.monitor.staging;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The store's in-memory view of its packs: by id, by path key, and which path keys have open
 * writers. Rebuilt from the files on every open. Not thread-safe: the store's lock guards it.
 */
final class StoreIndex {
  private final TreeMap<Long, Pack> packs = new TreeMap<>();
  private final Map<PathKey, TreeSet<Long>> byKey = new HashMap<>();
  private final Map<PathKey, Integer> writers = new HashMap<>();

  void put(Pack p) {
    packs.put(p.id(), p);
    byKey.computeIfAbsent(p.key(), k -> new TreeSet<>()).add(p.id());
  }

  void remove(long id) {
    Pack p = packs.remove(id);
    if (p != null) {
      TreeSet<Long> ids = byKey.get(p.key());
      ids.remove(id);
      if (ids.isEmpty()) {
        byKey.remove(p.key());
      }
    }
  }

  Pack get(long id) {
    return packs.get(id);
  }

  Collection<Pack> all() {
    return Collections.unmodifiableCollection(packs.values());
  }

  /** The packs of {@code key}, oldest first. */
  List<Pack> of(PathKey key) {
    List<Pack> out = new ArrayList<>();
    for (long id : byKey.getOrDefault(key, new TreeSet<>())) {
      out.add(packs.get(id));
    }
    return out;
  }

  long usedBytes() {
    long n = 0;
    for (Pack p : packs.values()) {
      n += p.size();
    }
    return n;
  }

  /** The newest unreleased version of {@code key}: never evicted. */
  Optional<Pack> newestStage(PathKey key) {
    Pack newest = null;
    for (Pack p : of(key)) {
      if (p.state() == PackState.STAGE) {
        newest = p;
      }
    }
    return Optional.ofNullable(newest);
  }

  /**
   * The pack holding rows {@code [first, first+count)} for a range of {@code version}, if the range
   * resolves: same key, and those rows present. Never a pack of another key.
   */
  Optional<Pack> resolve(Pack version, PointerRange r) {
    Pack owner = packs.get(r.ownerOf(version.id()));
    if (owner == null || !owner.key().equals(version.key())) {
      return Optional.empty();
    }
    return owner.layout().holds(r.first(), r.count()) ? Optional.of(owner) : Optional.empty();
  }

  /**
   * Every present row of {@code key}'s packs by XXH3-64 (the oldest holder of a fingerprint wins):
   * what a writer of that path may point to instead of copying.
   */
  Map<Long, StageWriter.Candidate> history(PathKey key) {
    Map<Long, StageWriter.Candidate> out = new HashMap<>();
    for (Pack p : of(key)) {
      List<ChunkRow> rows = p.layout().rows();
      for (int i = 0; i < rows.size(); i++) {
        ChunkRow r = rows.get(i);
        if (r.present()) {
          out.putIfAbsent(r.xxh3(), new StageWriter.Candidate(p.id(), i, r.length()));
        }
      }
    }
    return out;
  }

  void pin(PathKey key) {
    writers.merge(key, 1, Integer::sum);
  }

  void unpin(PathKey key) {
    writers.computeIfPresent(key, (k, n) -> n == 1 ? null : n - 1);
  }

  /** Open writers of {@code key}, other than {@code except} of them. */
  boolean pinned(PathKey key, int except) {
    return writers.getOrDefault(key, 0) > except;
  }
}
