package dev.ferry.monitor.journal;

/**
 * A change record and its position in the backup cache.
 *
 * @param index the journal index; increasing, NOT contiguous (the roll cycle is in the high bits)
 * @param record the decoded record
 */
public record JournalEntry(long index, ChangeRecord record) {}
