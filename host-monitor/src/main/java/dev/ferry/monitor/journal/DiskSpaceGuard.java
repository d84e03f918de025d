package dev.ferry.monitor.journal;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Refuses appends while the journal's file system has less usable space than a reserve. The free
 * space is read (statvfs) at most every {@link #REFRESH_NANOS} while there is room, and on every
 * append while there is not, so the check costs an append nothing measurable. Thread-safe.
 */
final class DiskSpaceGuard {
  static final long REFRESH_NANOS = 100_000_000L;

  private final Path dir;
  private final FileStore store;
  private final long reserve;
  private volatile long usable;
  private volatile long checkedAt;
  private volatile boolean full;

  DiskSpaceGuard(Path dir, long reserveBytes) throws IOException {
    this.dir = dir;
    this.store = Files.getFileStore(dir);
    this.reserve = reserveBytes;
    refresh(System.nanoTime());
  }

  /**
   * @throws JournalFullException if less than the reserve is free
   */
  void check() {
    long now = System.nanoTime();
    if (full || now - checkedAt > REFRESH_NANOS) {
      refresh(now);
    }
    if (full) {
      throw new JournalFullException(dir, usable, reserve);
    }
  }

  private void refresh(long now) {
    try {
      usable = store.getUsableSpace();
    } catch (IOException e) {
      usable = Long.MAX_VALUE; // cannot tell: let the append try
    }
    checkedAt = now;
    full = reserve > 0 && usable < reserve;
  }

  /** True if the last look found less than the reserve free; looks again first. */
  boolean isFull() {
    refresh(System.nanoTime());
    return full;
  }

  long usableBytes() {
    return usable;
  }

  long reserveBytes() {
    return reserve;
  }
}
