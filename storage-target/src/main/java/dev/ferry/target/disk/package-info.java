/**
 * The disk target: a directory laid out as {@code ferry-target}, {@code data/xx/<container-id>},
 * {@code index/<snapshot-id>.idx}, {@code snapshots/<20-digit id>.snap} and {@code lock}.
 *
 * <p>Terms: a <b>temp file</b> is any name ending in {@code .tmp}; it becomes real only by an
 * atomic rename after fsync ({@link dev.ferry.target.disk.AtomicFiles}). The <b>writer lock</b> is
 * an OS file lock on {@code lock}; it dies with its process. <b>Recovery</b> runs only while
 * holding that lock: it deletes temp files and containers no index covers. Every change to the
 * target directory goes through one {@link dev.ferry.target.disk.TargetFs} (production: {@link
 * dev.ferry.target.disk.NioFs}), so tests can cut the power at any of them.
 *
 * <p>Not guaranteed: protection from a second process that ignores the lock, from races on the
 * restore destination by other local users between our checks and our writes (the checks narrow
 * that window, they do not close it), or durability on file systems that lie about fsync.
 */
package dev.ferry.target.disk;
