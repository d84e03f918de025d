package dev.ferry.manager.api;

import java.time.Instant;
import java.util.List;

/**
 * What {@code ferry status} shows: copies waiting, when they fall due, how the last runs went, and
 * what needs attention in the agent ({@code agentProblems}: journal disk full, roots that cannot be
 * watched; {@code agentWarnings}: saved files it could not read).
 */
public record StatusView(
    String host,
    List<String> agentProblems,
    List<String> agentWarnings,
    int journalFiles,
    int agentSettling,
    int pendingRecords,
    int pendingFiles,
    Instant oldestPendingSavedAt,
    Instant nextDueAt,
    String hold,
    Long latestSnapshot,
    List<Run> lastRuns) {

  /** One drain run. */
  public record Run(
      long id,
      Instant startedAt,
      Instant finishedAt,
      String outcome,
      int recordsRead,
      int filesCopied,
      int filesDeleted,
      int filesSkipped,
      long bytesWritten,
      Long snapshotId,
      String message) {}
}
