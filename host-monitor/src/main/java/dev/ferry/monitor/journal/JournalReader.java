package dev.ferry.monitor.journal;

import java.util.Optional;

/** Reads journal entries in order. Owned by one thread at a time. */
public interface JournalReader extends AutoCloseable {
  /**
   * The next entry, or empty if none is there yet (a later call may find one).
   *
   * @throws CorruptRecordException if the next entry is damaged; the reader has moved past it, so
   *     the following call returns the entry after it
   */
  Optional<JournalEntry> next();

  @Override
  void close();
}
