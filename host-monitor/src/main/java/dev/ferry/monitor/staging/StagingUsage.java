package dev.ferry.monitor.staging;

import java.time.Instant;
import java.util.Optional;

/**
 * Figures for a status page, taken at one instant under the store's lock.
 *
 * @param quotaBytes the quota the store was opened with
 * @param usedBytes bytes of all decoded packs (versions, bases, residues): what the quota bounds
 * @param versionsStaged versions committed and not yet released
 * @param basesKept released versions kept as delta bases
 * @param residueBytes bytes held only because later versions share their chunks
 * @param versionsEvicted unreleased versions evicted for the quota since the store was created:
 *     saves the user asked to keep and lost (may undercount by the last evictions before a crash)
 * @param basesEvicted released bases evicted for the quota (nothing lost: the next save of their
 *     path stages in full)
 * @param lastEvictionAt when the last unreleased version was evicted
 * @param lastEvictionWarning the warning logged for it
 * @param damagedFiles pack files that did not decode on open: left on disk, not counted in {@code
 *     usedBytes}, their versions unreadable
 * @param damagedBytes their size
 */
public record StagingUsage(
    long quotaBytes,
    long usedBytes,
    int versionsStaged,
    int basesKept,
    long residueBytes,
    long versionsEvicted,
    long basesEvicted,
    Optional<Instant> lastEvictionAt,
    Optional<String> lastEvictionWarning,
    int damagedFiles,
    long damagedBytes) {}
