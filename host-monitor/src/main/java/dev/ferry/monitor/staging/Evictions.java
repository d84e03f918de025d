package dev.ferry.monitor.staging;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The state file's side of the store: the id high-water mark and the eviction counts and last
 * warning, and carrying out an eviction plan. Called with the store's lock held.
 */
final class Evictions {
  private static final Logger LOG = Logger.getLogger(Evictions.class);

  private final Path dir;
  private StoreState state;

  private Evictions(Path dir, StoreState state) {
    this.dir = dir;
    this.state = state;
  }

  /**
   * Reads the state file; rebuilds it when missing or damaged in a store that has been used, with a
   * high-water mark far above any id on disk so that no id handed out before is handed out again.
   */
  static Evictions load(Path dir, long maxIdSeen) throws IOException {
    String problem;
    try {
      Optional<StoreState> s = StateFile.read(dir);
      if (s.isPresent()) {
        return new Evictions(dir, s.get());
      }
      problem = "missing";
    } catch (CorruptStagingFileException e) {
      problem = e.getMessage();
    }
    StoreState rebuilt = StoreState.EMPTY.withHighWater(maxIdSeen + StagingStore.REBUILD_JUMP);
    LOG.warnf(
        "staging: state file %s (%s): rebuilt; stage ids continue above %d, eviction counts restart"
            + " at 0",
        dir.resolve(StateFile.NAME), problem, rebuilt.idHighWater());
    StateFile.write(dir, rebuilt);
    return new Evictions(dir, rebuilt);
  }

  StoreState state() {
    return state;
  }

  /** Makes {@code highWater} durable before any id up to it is used (rule 3). */
  void reserveIds(long highWater) throws IOException {
    StoreState s = state.withHighWater(highWater);
    StateFile.write(dir, s);
    state = s;
  }

  /** Retires the planned versions, removes garbage if the plan needs it, records the counts. */
  void execute(
      EvictionPlanner.Plan plan,
      PathKey committing,
      List<PointerRange> refs,
      Collector collector,
      StoreIndex idx,
      long quota)
      throws IOException {
    long versions = 0;
    long bases = 0;
    String warning = state.lastWarning();
    long at = state.lastWarningAtMillis();
    for (Pack planned : plan.evict()) {
      Pack p = idx.get(planned.id());
      collector.retire(p);
      if (p.state() == PackState.BASE) {
        bases++;
        LOG.infof("staging quota: evicted the released base %d of %s", p.id(), p.key());
      } else {
        versions++;
        warning = warning(p, quota);
        at = System.currentTimeMillis();
        LOG.warn(warning);
      }
    }
    if (plan.reclaim()) {
      collector.collect(true, committing, refs);
    }
    if (versions + bases > 0) {
      state = state.withEvictions(versions, bases, at, warning);
      try {
        StateFile.write(dir, state); // after the evictions are durable: may undercount
      } catch (IOException e) {
        LOG.warnf("staging: could not record eviction counts in %s: %s", dir, e);
      }
    }
  }

  private static String warning(Pack p, long quota) {
    long ns = p.layout().savedAtNanos();
    Instant saved =
        Instant.ofEpochSecond(Math.floorDiv(ns, 1_000_000_000L), Math.floorMod(ns, 1_000_000_000L));
    return "staging quota of "
        + quota
        + " bytes: evicted staged version "
        + p.id()
        + " of "
        + p.key()
        + " saved at "
        + saved
        + " before it was copied: that save is lost";
  }

  StagingUsage usage(
      long quota,
      long used,
      int staged,
      int bases,
      long residue,
      int damagedFiles,
      long damagedBytes) {
    boolean any = state.lastWarningAtMillis() != 0;
    return new StagingUsage(
        quota,
        used,
        staged,
        bases,
        residue,
        state.versionsEvicted(),
        state.basesEvicted(),
        any ? Optional.of(Instant.ofEpochMilli(state.lastWarningAtMillis())) : Optional.empty(),
        any ? Optional.of(state.lastWarning()) : Optional.empty(),
        damagedFiles,
        damagedBytes);
  }
}
