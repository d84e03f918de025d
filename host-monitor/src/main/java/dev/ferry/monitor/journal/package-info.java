/**
 * The journal: change records and the backup cache that holds them until the copy manager drains
 * them.
 *
 * <p>Terms: a <em>change record</em> describes one saved change of one file (format version 1,
 * src-docs/change-record.md); the <em>backup cache</em> is an append-only journal of them in one
 * folder; an <em>index</em> is a record's position, increasing but not contiguous.
 *
 * <p>NOT guaranteed: durability across power loss (appends reach the page cache, there is no fsync
 * per record); that records of different files appear in save order across threads beyond the order
 * of their {@code append} calls; that the cache is ever trimmed (acknowledged positions and
 * deletion of drained cycle files belong to the copy manager). Decoding never trusts a byte before
 * the CRC32C has been checked, but the CRC detects accidents, not forgery.
 */
package dev.ferry.monitor.journal;
