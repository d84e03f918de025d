/**
 * The staging store: for {@code versions: every-save} policies, each save staged at save time as
 * its own version, so that it survives until the copy manager copies it even if the file changes
 * again (src-docs/staging-format.md; decisions/0006-every-save-staging.md).
 *
 * <p>Terms: a <em>version</em> is one staged save of one <em>path key</em> (root + relative path),
 * named by a <em>stage id</em>. Its <em>pack</em> holds copies of the chunks that changed since the
 * path's earlier staged versions, each named by its SHA-256, and a <em>pointer table</em> of
 * <em>ranges</em>: runs of blocks held by this pack or by an earlier pack of the same path key. A
 * released version is kept as the path's <em>base</em> for the next delta; an evicted or superseded
 * one becomes a <em>residue</em> holding only chunks later versions still point to. Reference
 * counts are never stored: they are recomputed from the pointer tables on open.
 *
 * <p>Public API: {@link dev.ferry.monitor.staging.StagingStore} (open, begin, open a version,
 * release, usage), {@link dev.ferry.monitor.staging.StageWriter} (a {@code BlockMapper} chunk
 * visitor), {@link dev.ferry.monitor.staging.StagedVersion} (verified reads), {@link
 * dev.ferry.monitor.staging.StagingUsage}, and one exception per condition. Everything else is
 * package-private.
 *
 * <p>NOT guaranteed: that a save is staged at all (over quota, the commit fails and the caller
 * records the save without staging; under pressure, older unreleased versions are evicted, counted
 * and logged); that a chunk recognised as unchanged by its XXH3-64 fingerprint and length within
 * one path's history really is (a crafted collision makes the later version read back the earlier
 * bytes; the drain trusts fingerprints the same way); that the store survives a disk that
 * acknowledges flushes it did not do; that the quota bounds temp files of writers still open (it
 * bounds committed packs); that eviction counts survive a crash exactly (they may undercount);
 * Windows semantics (open versions rely on POSIX unlink-while-open; directory fsync is Linux's).
 * Damaged packs are reported, never repaired: their versions are lost and read as {@link
 * dev.ferry.monitor.staging.StagedChunkDamagedException}, never as other bytes.
 */
package dev.ferry.monitor.staging;
