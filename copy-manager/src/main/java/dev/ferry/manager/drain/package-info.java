/**
 * The drain: takes the records that have waited out the hold delay from a backup cache, keeps the
 * newest per path, copies what is new to the target, commits the catalog, and only then moves the
 * drain position past them.
 *
 * <p>Terms: a <em>due</em> record is one saved before {@code now - hold}; the <em>snapshot
 * path</em> of a file is its root's label (the root folder's name), '/', its path below the root.
 *
 * <p>Guarantees: the drain position never passes a record whose copy is not durable on the target
 * and committed in the catalog. A drain that dies half way is simply run again: it reuses the same
 * snapshot id, which the target replaces atomically, and the catalog commit is one transaction.
 *
 * <p>Not guaranteed: a file that changes again after its record is copied as it is at drain time
 * (newest saved state wins); intermediate states are lost unless a policy stages them (later).
 */
package dev.ferry.manager.drain;
