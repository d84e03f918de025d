/**
 * Snapshot roots: {@code snapshots/<20-digit id>.snap}, the complete list of files of one snapshot.
 *
 * <p>Terms: the <b>summary</b> (id, parent, creation time, host, file count, total bytes) sits at
 * the front with its own CRC32C so listing snapshots reads only that; the <b>entries</b> follow,
 * sorted by path in {@code PathOrder}, and a CRC32C over the whole file ends it.
 *
 * <p>Parsing is strict: every length and count is checked against the bytes left, entries must be
 * strictly increasing, and file count and total bytes must match the entries.
 *
 * <p>Not guaranteed: that the chunks an entry lists are stored (the checker verifies that), nor
 * anything about the parent snapshot, which is recorded for history only: a root is complete on its
 * own.
 */
package dev.ferry.target.snapshot;
