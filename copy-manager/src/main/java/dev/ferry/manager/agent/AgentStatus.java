package dev.ferry.manager.agent;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the workstation agent ({@code ferry agent}) last wrote to {@code <data>/agent-status.json}:
 * rewritten every {@link #INTERVAL} by atomic rename, and once more, as {@code stopped}, at a clean
 * shutdown. {@code ferry agent status} reads it.
 *
 * @param state {@code running} or {@code stopped}
 * @param pid the agent's process id
 * @param hostId the host id written into its records
 * @param updatedAt when the file was written
 * @param durability the journal's durability mode, as in the configuration file
 * @param lastIndex the journal's last index, -1 if empty
 * @param durableIndex the highest index known synced to disk, -1 if none
 * @param acknowledgedIndex the highest index the copy manager acknowledged, -1 if none
 * @param journalFiles the journal's cycle files on disk (one per day not yet trimmed)
 * @param journalFreeBytes free space on the journal's disk at the last look
 * @param recordsAppended records appended since the agent started
 * @param pendingSaves saves seen but not settled yet
 * @param unrecordedSaves saves refused since the journal's disk filled up
 * @param stagedVersions every-save versions staged and not yet copied
 * @param stagedBytes bytes the staging store holds, of its quota {@code stagingQuotaBytes}
 * @param lastCheckpoint when the file-state checkpoint was last written; null if never
 * @param lastRescan when the last reconciliation scan started; null if none yet
 * @param policies names of the policies in force
 * @param problems what needs a person's attention (rejected policy files, no policies, journal disk
 *     full, roots that cannot be watched), one line each; empty when healthy
 * @param warnings worth showing but not unhealthy (saved files the agent could not read)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AgentStatus(
    String state,
    long pid,
    String hostId,
    Instant updatedAt,
    String durability,
    long lastIndex,
    long durableIndex,
    long acknowledgedIndex,
    int journalFiles,
    long journalFreeBytes,
    long recordsAppended,
    int pendingSaves,
    long unrecordedSaves,
    int stagedVersions,
    long stagedBytes,
    long stagingQuotaBytes,
    Instant lastCheckpoint,
    Instant lastRescan,
    List<String> policies,
    List<String> problems,
    List<String> warnings) {
  /** How often the running agent looks at its status, and writes it if it changed. */
  public static final Duration INTERVAL = Duration.ofSeconds(2);

  /** An unchanged status is still rewritten this often, so a reader sees the agent is alive. */
  public static final Duration REFRESH = Duration.ofSeconds(10);

  /** A status older than this, from an agent that holds the lock, means it is stuck. */
  public static final Duration STALE = Duration.ofSeconds(15);

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .findAndRegisterModules()
          .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  public AgentStatus {
    policies = policies == null ? List.of() : List.copyOf(policies);
    problems = problems == null ? List.of() : List.copyOf(problems);
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }

  /**
   * The status written after a clean stop: journal closed (so synced to its last index), nothing
   * pending, no live problems.
   */
  public AgentStatus stoppedCleanly() {
    return new AgentStatus(
        state,
        pid,
        hostId,
        updatedAt,
        durability,
        lastIndex,
        lastIndex,
        acknowledgedIndex,
        journalFiles,
        journalFreeBytes,
        recordsAppended,
        0,
        unrecordedSaves,
        stagedVersions,
        stagedBytes,
        stagingQuotaBytes,
        lastCheckpoint,
        lastRescan,
        policies,
        List.of(),
        warnings);
  }

  /**
   * True if both say the same, whenever they were taken; free disk space moves with anything on the
   * disk and is refreshed with {@link #REFRESH} only.
   */
  public boolean sameAs(AgentStatus o) {
    return equals(
        new AgentStatus(
            o.state,
            o.pid,
            o.hostId,
            updatedAt,
            o.durability,
            o.lastIndex,
            o.durableIndex,
            o.acknowledgedIndex,
            o.journalFiles,
            journalFreeBytes,
            o.recordsAppended,
            o.pendingSaves,
            o.unrecordedSaves,
            o.stagedVersions,
            o.stagedBytes,
            o.stagingQuotaBytes,
            o.lastCheckpoint,
            o.lastRescan,
            o.policies,
            o.problems,
            o.warnings));
  }

  /** Writes {@code file} by a temporary file and an atomic rename. */
  public void write(Path file) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    JSON.writeValue(tmp.toFile(), this);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** The status in {@code file}; null if there is none. */
  public static AgentStatus read(Path file) throws IOException {
    if (!Files.exists(file)) {
      return null;
    }
    return JSON.readValue(file.toFile(), AgentStatus.class);
  }
}
