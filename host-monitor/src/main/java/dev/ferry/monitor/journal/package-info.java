/**
 * The journal: change records and the backup cache that holds them until the copy manager drains
 * them.
 *
 * <p>Terms: a <em>change record</em> describes one saved change of one file (format version 1,
 * src-docs/change-record.md); the <em>backup cache</em> is an append-only journal of them in one
 * folder; an <em>index</em> is a record's position, increasing but not contiguous.
 *
 * <p>Durability: every append survives a crash of the JVM; against power loss it is durable once
 * {@code BackupCache.durableIndex()} reaches it: at once in {@code EVERY_RECORD} mode, within the
 * group interval plus one fdatasync in {@code GROUP_COMMIT} (the default, 10 ms), at close in
 * {@code PROCESS_CRASH} (src-docs/decisions/0005-journal-durability.md).
 *
 * <p>NOT guaranteed: power-loss durability beyond {@code durableIndex()}, or on a disk that
 * acknowledges cache flushes it did not do; that records of different files appear in save order
 * across threads beyond the order of their {@code append} calls; that the cache is ever trimmed
 * (acknowledged positions and deletion of drained cycle files belong to the copy manager). Decoding
 * never trusts a byte before the CRC32C has been checked, but the CRC detects accidents, not
 * forgery.
 */
package dev.ferry.monitor.journal;
