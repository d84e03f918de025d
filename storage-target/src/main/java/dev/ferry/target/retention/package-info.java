/**
 * Which snapshots a retention policy keeps: {@link Retention#plan} sorts a target's snapshots into
 * kept ones (each with the rules that keep it) and forgotten ones. It only decides; forgetting is
 * {@code DiskTarget.forget}, and reclaiming the chunks only forgotten snapshots used is prune's.
 *
 * <p>Terms: a <b>series</b> is the snapshots of one host; rules apply to each series on its own, so
 * a busy host never pushes a quiet one's history out. A <b>period</b> is an hour, day, ISO week,
 * month or year of the wall clock in the zone the plan is made for.
 *
 * <p>Not guaranteed: stability across time zones (a snapshot at 23:30 UTC is on another day in
 * Berlin), so a plan names the zone it used.
 */
package dev.ferry.target.retention;
