/**
 * A {@link dev.ferry.target.Target} that keeps chunks and snapshots in memory: for tests that need
 * a real target's behaviour (atomic commits, one writer, deduplication, checked reads, the forget
 * rule) without a disk's cost. Nothing survives the object; there is no verify or prune, since
 * memory neither rots nor needs its space back within a test.
 */
package dev.ferry.target.memory;
