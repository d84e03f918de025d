package dev.ferry.monitor.journal;

import java.nio.file.Path;

/**
 * An append was refused because the journal's disk has less free space than the reserve: the record
 * is not in the journal. Refusing early, while there is still room, keeps Chronicle from running
 * into ENOSPC inside a memory-mapped write (a SIGBUS, not an exception), so everything already
 * appended stays intact.
 */
public final class JournalFullException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final long usableBytes;

  public JournalFullException(Path dir, long usableBytes, long reserveBytes) {
    super(
        "journal disk full: "
            + dir
            + " has "
            + usableBytes / (1024 * 1024)
            + " MiB free, less than the reserve of "
            + reserveBytes / (1024 * 1024)
            + " MiB; free space there (the agent catches up by a rescan once there is room)");
    this.usableBytes = usableBytes;
  }

  /** Free space when the append was refused. */
  public long usableBytes() {
    return usableBytes;
  }
}
