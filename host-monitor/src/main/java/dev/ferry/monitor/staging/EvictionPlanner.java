package dev.ferry.monitor.staging;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides what a commit must evict to fit the quota (src-docs/staging-format.md, "Quota"): garbage
 * first, then released bases oldest first, then not-yet-released versions that are not the newest
 * of their path, oldest first. The whole plan is made before anything is touched, and versions that
 * turn out unnecessary are dropped from it. Pure: reads the index, changes nothing.
 */
final class EvictionPlanner {
  private EvictionPlanner() {}

  /**
   * @param evict the versions to retire, in eviction order
   * @param reclaim whether garbage must be removed from every residue (not only mostly-garbage
   *     ones) for the commit to fit
   */
  record Plan(List<Pack> evict, boolean reclaim) {}

  static Plan plan(
      StoreIndex idx, PathKey committing, List<PointerRange> refs, long newSize, long quota)
      throws StagingQuotaExceededException {
    if (idx.usedBytes() + newSize <= quota) {
      return new Plan(List.of(), false);
    }
    List<Pack> chosen = new ArrayList<>();
    if (fits(idx, committing, refs, chosen, newSize, quota)) {
      return new Plan(List.of(), true);
    }
    for (Pack c : candidates(idx)) {
      chosen.add(c);
      if (fits(idx, committing, refs, chosen, newSize, quota)) {
        return new Plan(minimize(idx, committing, refs, chosen, newSize, quota), true);
      }
    }
    long floor = usedAfter(idx, committing, refs, chosen);
    throw new StagingQuotaExceededException(
        "save of " + committing,
        newSize,
        quota,
        "evicting every released base and every version that is not the newest of its path"
            + " would leave "
            + floor
            + " bytes staged; nothing was evicted");
  }

  /** Bases oldest first, then unreleased versions that are not the newest of their path. */
  static List<Pack> candidates(StoreIndex idx) {
    List<Pack> bases = new ArrayList<>();
    List<Pack> intermediate = new ArrayList<>();
    for (Pack p : idx.all()) {
      if (p.state() == PackState.BASE) {
        bases.add(p);
      } else if (p.state() == PackState.STAGE
          && idx.newestStage(p.key()).orElseThrow().id() != p.id()) {
        intermediate.add(p);
      }
    }
    bases.sort(Comparator.comparingLong(Pack::id));
    intermediate.sort(Comparator.comparingLong(Pack::id));
    bases.addAll(intermediate);
    return bases;
  }

  private static List<Pack> minimize(
      StoreIndex idx,
      PathKey committing,
      List<PointerRange> refs,
      List<Pack> chosen,
      long newSize,
      long quota) {
    List<Pack> plan = new ArrayList<>(chosen);
    for (int i = plan.size() - 1; i >= 0; i--) {
      List<Pack> without = new ArrayList<>(plan);
      without.remove(i);
      if (fits(idx, committing, refs, without, newSize, quota)) {
        plan = without;
      }
    }
    return plan;
  }

  private static boolean fits(
      StoreIndex idx,
      PathKey committing,
      List<PointerRange> refs,
      List<Pack> evicted,
      long newSize,
      long quota) {
    return usedAfter(idx, committing, refs, evicted) + newSize <= quota;
  }

  /** Used bytes once {@code evicted} are retired and all garbage is removed. */
  static long usedAfter(
      StoreIndex idx, PathKey committing, List<PointerRange> refs, List<Pack> evicted) {
    Set<Long> out = new HashSet<>();
    for (Pack p : evicted) {
      out.add(p.id());
    }
    Refcounts rc = Refcounts.of(idx, out, refs);
    long used = 0;
    for (Pack p : idx.all()) {
      if (p.isVersion() && !out.contains(p.id())) {
        used += p.size();
      } else {
        boolean pinned = idx.pinned(p.key(), p.key().equals(committing) ? 1 : 0);
        used += Refcounts.sizeAfter(p, rc.kept(p, pinned));
      }
    }
    return used;
  }
}
