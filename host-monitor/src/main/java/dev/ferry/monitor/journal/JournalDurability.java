package dev.ferry.monitor.journal;

/**
 * How far an {@link BackupCache#append} has travelled when it is considered safe. Every mode
 * survives a crash of the JVM (kill -9, OOM): the record is in the page cache through the mapped
 * file when {@code append} returns. They differ on power loss and kernel crash; see
 * src-docs/decisions/0005-journal-durability.md for the measured cost of each.
 */
public enum JournalDurability {
  /**
   * Page cache only: survives kill -9 of the JVM, not a power loss or kernel crash (the kernel
   * writes dirty pages back on its own schedule, typically within 30 s). The cycle file is synced
   * only at open and close.
   */
  PROCESS_CRASH,
  /**
   * A background flusher fdatasyncs the current cycle file at the next tick of the group interval
   * after an append not yet synced (later appends share it; nothing wakes while idle): an append is
   * durable against power loss within about one interval plus one sync. {@link
   * BackupCache#durableIndex()} shows how far it got.
   */
  GROUP_COMMIT,
  /** {@code append} returns only after the cycle file holding the record has been fdatasynced. */
  EVERY_RECORD
}
