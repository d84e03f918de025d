/**
 * The workstation agent: notices saved files and appends change records to the backup cache.
 *
 * <p>Pipeline (one package each): {@code watch} (events → saves) → {@code policy} (which files
 * count) → {@code blockmap} (content-defined chunks) → {@code journal} (the backup cache). {@link
 * dev.ferry.monitor.HostMonitor} wires them; the copy manager reads the journal through {@link
 * dev.ferry.monitor.journal.BackupCache#readFrom}.
 *
 * <p>NOT guaranteed: a record per OS event (there is one per save); records for changes made while
 * the agent was not running (only the first start scans; see {@code watch}); durability of a record
 * across power loss.
 */
package dev.ferry.monitor;
