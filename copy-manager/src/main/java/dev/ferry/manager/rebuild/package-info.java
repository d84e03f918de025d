/**
 * {@code ferry catalog rebuild}: the catalog reconstructed from the storage target alone, after the
 * catalog was lost (its disk died, its database was dropped).
 *
 * <p>Terms: the <em>census</em> is every distinct chunk the target's snapshots reference, with the
 * first snapshot that does; a chunk's <em>fingerprint</em> is the agent's XXH3-64 of its bytes,
 * which the target does not keep and the rebuild recomputes by reading the chunk.
 *
 * <p>What holds: the rebuilt catalog has every snapshot on the target (id, host, time, parent,
 * counts), every file version live in them as ranges {@code [first, superseded)} of one host's
 * snapshots, their block maps with fingerprints, and every referenced chunk with its location. It
 * is written in one transaction: a failed rebuild leaves the catalog as it was.
 *
 * <p>What does not hold: what only the workstation or the manager knew is not there. A version's
 * device, inode and save time and a watched file's absolute root are null (unknown); drain runs and
 * skipped files are gone; there are no drain positions (the next drain starts after the journal's
 * acknowledgement, see {@link dev.ferry.manager.drain.DueRecords#startAfter}). A file copied twice
 * with identical content, size, time and mode in consecutive snapshots of its host is one version
 * here, not two. Snapshots forgotten on the target are not in the rebuilt catalog.
 */
package dev.ferry.manager.rebuild;
