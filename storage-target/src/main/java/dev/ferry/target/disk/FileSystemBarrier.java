package dev.ferry.target.disk;

import java.io.IOException;

/**
 * Makes everything written so far to one file system durable, in one call: every file's data and
 * metadata and every directory entry. What a restore uses in place of an fsync per file and per
 * directory (see {@link BatchedCommits}).
 */
interface FileSystemBarrier extends AutoCloseable {
  /**
   * Returns once everything written to the file system before the call is on stable storage.
   *
   * @throws IOException if the file system reported a write-back error since the barrier was
   *     opened, whoever's file it was: the caller cannot tell which of its files are affected
   */
  void sync() throws IOException;

  @Override
  void close();
}
