/**
 * The catalog: what was copied, from which host and path, into which snapshot, stored where.
 *
 * <p>Terms: a <em>watched file</em> is a path on a host; a <em>file version</em> is one saved state
 * of it, live in the snapshots from {@code firstSnapshotId} up to (not including) {@code
 * supersededSnapshotId}; a <em>chunk</em> is content addressed by its SHA-256 and stored once.
 *
 * <p>Not guaranteed: the catalog is a cache of what the target says. The target is self-describing
 * and wins on disagreement; the catalog never holds a chunk the target lacks, because it commits
 * only after the target made the data durable. A lost catalog is rebuilt from the target ({@link
 * dev.ferry.manager.rebuild}); what only the workstation knew (device, inode, save time, root) is
 * null in a rebuilt one.
 */
package dev.ferry.manager.catalog;
