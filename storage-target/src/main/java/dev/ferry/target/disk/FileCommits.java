package dev.ferry.target.disk;

import java.util.List;

/**
 * The durable half of a restore: makes each written temp file durable, renames it into place and
 * makes the names durable. A file counts as restored only once all of that succeeded; a crash or an
 * error before leaves its destination untouched or complete, never partial. Two ways: an fsync per
 * file and directory ({@link FileSyncs}), or one file-system sync per batch ({@link
 * BatchedCommits}).
 */
interface FileCommits {
  /**
   * Takes over {@code f} (its channel and temp file). May be called from several writing threads,
   * and may block them to bound the files in flight.
   */
  void submit(WrittenFile f);

  /** Waits for every file submitted and makes the names durable. Called once, from one thread. */
  void finish();

  /** Files restored durably; valid after {@link #finish}. */
  int filesDone();

  /** Their bytes; valid after {@link #finish}. */
  long bytesDone();

  /** Files that failed, as "path: reason"; complete after {@link #finish}. */
  List<String> failures();
}
