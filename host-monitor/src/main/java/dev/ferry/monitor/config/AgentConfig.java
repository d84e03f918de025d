package dev.ferry.monitor.config;

import dev.ferry.monitor.MonitorTimings;
import dev.ferry.monitor.journal.JournalDurability;
import dev.ferry.monitor.journal.JournalSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The workstation agent's configuration file ({@code ferry agent --config FILE}; format: {@code
 * src-docs/agent-config.md}), read by {@link AgentConfigParser}.
 *
 * @param file the configuration file, as named
 * @param hostId this workstation's id, written into every record
 * @param data the agent's folder: journal, agent state, lock and status file; absolute
 * @param policies the folder of policy files; absolute
 * @param journal durability, group-commit interval and free-space reserve of the journal
 * @param timings checkpoint, reconciliation-scan and poll intervals
 * @param stagingQuotaBytes how much the every-save staging store may hold
 */
public record AgentConfig(
    Path file,
    String hostId,
    Path data,
    Path policies,
    JournalSettings journal,
    MonitorTimings timings,
    long stagingQuotaBytes) {
  /** The default staging quota: room for a day of every-save versions of documents. */
  public static final long DEFAULT_STAGING_QUOTA = 2L << 30;

  /** The every-save staging store's folder. */
  public Path stagingDir() {
    return data.resolve("staging");
  }

  /** The status file the running agent rewrites, under {@link #data}. */
  public static final String STATUS_FILE = "agent-status.json";

  public AgentConfig {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(hostId, "hostId");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(policies, "policies");
    journal = journal == null ? JournalSettings.defaults() : journal;
    timings = timings == null ? MonitorTimings.defaults() : timings;
  }

  /** How far an append travels before it counts as safe. */
  public JournalDurability durability() {
    return journal.durability();
  }

  /** The journal (backup cache) folder. */
  public Path journalDir() {
    return data.resolve("journal");
  }

  /** The agent's state folder (scan markers, file-state index). */
  public Path stateDir() {
    return data.resolve("agent");
  }

  /** The status file, rewritten by the running agent every few seconds. */
  public Path statusFile() {
    return data.resolve(STATUS_FILE);
  }

  /** This machine's name, without a DNS round trip when the kernel can tell it. */
  public static String localHostName() {
    try {
      String name =
          Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).strip();
      if (!name.isEmpty()) {
        return name;
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux: fall through to the resolver.
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }
}
