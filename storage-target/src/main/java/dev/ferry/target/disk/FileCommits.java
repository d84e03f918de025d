package dev.ferry.target.disk;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The durable half of a restore: makes each written temp file durable, renames it into place and
 * makes the names durable. A file counts as restored only once all of that succeeded; a crash or an
 * error before leaves its destination untouched or complete, never partial. Two ways: an fsync per
 * file and directory ({@link FileSyncs}), or one file-system sync per batch ({@link
 * BatchedCommits}).
 */
abstract class FileCommits {
  /** Added from writer and committer threads alike. */
  private final List<String> failures = Collections.synchronizedList(new ArrayList<>());

  private int files;
  private long bytes;

  /**
   * Takes over {@code f} (its channel and temp file). May be called from several writing threads,
   * and may block them to bound the files in flight.
   */
  abstract void submit(WrittenFile f);

  /** Waits for every file submitted and makes the names durable. Called once, from one thread. */
  abstract void finish();

  /** Counts a file of {@code fileBytes} as restored durably; only from {@link #finish}. */
  protected final void countRestored(long fileBytes) {
    files++;
    bytes += fileBytes;
  }

  /** Records a file that failed, as "path: reason". */
  protected final void addFailure(String failure) {
    failures.add(failure);
  }

  /** Files restored durably; valid after {@link #finish}. */
  final int filesDone() {
    return files;
  }

  /** Their bytes; valid after {@link #finish}. */
  final long bytesDone() {
    return bytes;
  }

  /** Files that failed, as "path: reason"; complete after {@link #finish}. */
  final List<String> failures() {
    return failures;
  }
}
