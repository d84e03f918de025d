/**
 * Watching folders and deciding when a file has been saved.
 *
 * <p>Terms: an <em>event</em> is what the OS reports (create, modify, delete, overflow); a
 * <em>save</em> is the moment a writer is done: the file was renamed into place (a create event and
 * nothing after it for {@link dev.ferry.monitor.watch.SaveDetector#GRACE}) or it stayed quiet
 * (size, mtime, identity unchanged) for the settle time. <em>Known files</em> are the in-memory map
 * path → {@link dev.ferry.monitor.watch.FileState} (and last block map) that deletions, renames and
 * rescans compare against; on a restart it is rebuilt from the backup cache and the roots rescanned
 * against it, so changes made while the agent was down are recorded.
 *
 * <p>NOT guaranteed: a file rewritten continuously for longer than it is ever quiet is recorded
 * only once it pauses; a writer that holds a file open but pauses longer than the settle time gets
 * a record per pause; a folder renamed within a root yields RENAMED records for its files only if
 * the watcher sees the new folder within the rename window (200 ms by default) of the old one
 * vanishing (a rename reports both at once; registering and walking the new folder may take longer:
 * vanished names wait for that walk); events for folders symlinked into a root are not seen; a
 * change made through another hard link outside the roots, with size and mtime put back, is noticed
 * only on a rescan or restart (by its ctime), and not at all if the file is renamed first (the
 * rename reuses the old block map).
 */
package dev.ferry.monitor.watch;
