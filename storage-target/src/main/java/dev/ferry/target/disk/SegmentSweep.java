package dev.ferry.target.disk;

import dev.ferry.target.ChunkHash;
import dev.ferry.target.crypto.TargetKeys;
import dev.ferry.target.snapshot.SegmentRef;
import dev.ferry.target.snapshot.SnapshotCodec;
import dev.ferry.target.snapshot.SnapshotRoot;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Deletes segment files no snapshot root names: those of forgotten snapshots, and those a crashed
 * writer left before its root. Runs under the writer lock (a live writer's new segments have no
 * root yet), after the roots have been read: if any root cannot be read, nothing is deleted, since
 * its segments cannot be told apart from garbage. A crash part-way leaves only garbage.
 */
final class SegmentSweep {
  private SegmentSweep() {}

  /**
   * @param rootIds every name in {@code snapshots/} that is a root's, readable or not
   * @return segment files deleted
   */
  static int run(
      TargetLayout layout, TargetFs fs, TargetKeys keys, List<Long> rootIds, WriterLock held)
      throws IOException {
    if (held == null) {
      throw new IllegalStateException("sweeping segments needs the writer lock");
    }
    if (!Files.isDirectory(layout.segments(), LinkOption.NOFOLLOW_LINKS)) {
      return 0;
    }
    Set<ChunkHash> named = new HashSet<>();
    for (long id : rootIds) {
      Path p = layout.snapshotFile(id);
      String name = layout.relative(p);
      SnapshotRoot root = SnapshotCodec.decodeRoot(SealedRoots.read(p, name, keys), name);
      for (SegmentRef ref : root.segments()) {
        named.add(ref.hash());
      }
    }
    int deleted = 0;
    try (DirectoryStream<Path> ds =
        Files.newDirectoryStream(layout.segments(), "*" + TargetLayout.SEGMENT_SUFFIX)) {
      for (Path p : ds) {
        Optional<ChunkHash> h = TargetLayout.segmentHash(p.getFileName().toString());
        if (h.isPresent() && !named.contains(h.get()) && fs.deleteIfExists(p)) {
          deleted++;
        }
      }
    }
    if (deleted > 0) {
      fs.fsyncDir(layout.segments());
    }
    return deleted;
  }
}
