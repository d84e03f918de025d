/**
 * Copy policy: which files are worth a change record, and under which policy class.
 *
 * <p>v1 has one policy class, {@value dev.ferry.monitor.policy.CopyPolicy#DEFAULT_CLASS}, and one
 * rule: temporary, swap, lock and partial files ({@link dev.ferry.monitor.policy.TemporaryFiles})
 * are ignored.
 *
 * <p>NOT guaranteed: the list is name-based, so an application's own scratch file with an ordinary
 * name is recorded (if it survives the settle time), and a real file named like a temporary one
 * (say {@code notes.tmp}) is never backed up.
 */
package dev.ferry.monitor.policy;
