package dev.ferry.target.disk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;

/**
 * Forgetting snapshots: deletes their roots, the first step of rule 8 of the format (roots, then
 * index entries, then containers). Index files and containers stay: their chunks may be shared with
 * kept snapshots, and reclaiming them is prune's job. A crash part-way leaves some roots deleted
 * and some not; every root left is whole, and running forget again finishes the job.
 */
public final class SnapshotRemoval {
  private SnapshotRemoval() {}

  /** Deletes each root, then makes the deletes durable with one fsync of the folder. */
  public static void removeRoots(TargetLayout layout, Collection<Long> ids, WriterLock held)
      throws IOException {
    if (held == null) {
      throw new IllegalStateException("forgetting needs the writer lock");
    }
    for (long id : ids) {
      Path root = layout.snapshotFile(id);
      Files.deleteIfExists(root);
    }
    AtomicFiles.fsyncDir(layout.snapshots());
  }
}
