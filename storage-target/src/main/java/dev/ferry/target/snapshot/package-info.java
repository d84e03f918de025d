/**
 * Snapshot roots: {@code snapshots/<20-digit id>.snap}, the complete list of entries of one
 * snapshot.
 *
 * <p>Terms: the <b>summary</b> (id, parent, creation time, host, entry count, total bytes) sits at
 * the front with its own CRC32C so listing snapshots reads only that; the <b>entries</b> follow,
 * sorted by path in {@code PathOrder}, and a CRC32C over the whole file ends it. An entry's
 * <b>kind</b> is regular file or symbolic link; a link's <b>link target</b> is its text, kept as
 * data. <b>Version 1</b> roots hold regular files only and have no kind byte; version 2 is written.
 *
 * <p>Parsing is strict: every length and count is checked against the bytes left, entries must be
 * strictly increasing, entry count and total bytes must match the entries, and a link text must be
 * one Linux can hold (not empty, no NUL, at most 4095 bytes).
 *
 * <p>{@link dev.ferry.target.snapshot.SnapshotDiff} compares two roots by one merge pass in path
 * order.
 *
 * <p>Not guaranteed: that the chunks an entry lists are stored (the checker verifies that), that no
 * entry lies beneath a link entry (restore refuses those), nor anything about the parent snapshot,
 * which is recorded for history only: a root is complete on its own.
 */
package dev.ferry.target.snapshot;
