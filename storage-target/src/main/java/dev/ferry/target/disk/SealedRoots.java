package dev.ferry.target.disk;

import dev.ferry.target.CorruptSnapshotException;
import dev.ferry.target.container.FieldReader;
import dev.ferry.target.crypto.TargetKeys;
import dev.ferry.target.snapshot.SnapshotCodec;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads a snapshot root's plain bytes in a target with or without encryption: in an encrypted
 * target the file is a sealed envelope, capped at {@link SnapshotCodec#MAX_BYTES} plus what sealing
 * adds, and opened bound to the root's name. Stateless and thread-safe.
 */
public final class SealedRoots {
  private SealedRoots() {}

  /**
   * @param name the root's path relative to the target ({@code snapshots/…}), bound into the seal
   * @throws java.nio.file.NoSuchFileException if there is none
   * @throws CorruptSnapshotException if it is refused unread, is not sealed in an encrypted target
   *     (or sealed in a plain one), or does not open
   */
  public static byte[] read(Path p, String name, TargetKeys keys) throws IOException {
    if (!keys.encrypted()) {
      return keys.openFile(name, SnapshotCodec.read(p, name), failure(name));
    }
    FieldReader.Failure f = failure(name);
    return keys.openFile(
        name, WholeFiles.read(p, SnapshotCodec.MAX_BYTES + keys.fileOverhead(), f), f);
  }

  private static FieldReader.Failure failure(String name) {
    return detail -> new CorruptSnapshotException(name, detail);
  }
}
