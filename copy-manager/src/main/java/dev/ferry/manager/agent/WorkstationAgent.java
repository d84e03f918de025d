package dev.ferry.manager.agent;

import dev.ferry.monitor.HostMonitor;
import dev.ferry.monitor.MonitorHealth;
import dev.ferry.monitor.config.AgentConfig;
import dev.ferry.monitor.config.AgentConfigParser;
import dev.ferry.monitor.journal.BackupCache;
import dev.ferry.monitor.journal.ChangeRecord;
import dev.ferry.monitor.policy.Policy;
import dev.ferry.monitor.policy.PolicyException;
import dev.ferry.monitor.policy.PolicyListener;
import dev.ferry.monitor.policy.PolicySet;
import dev.ferry.monitor.policy.PolicySource;
import dev.ferry.monitor.staging.StagingStore;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The workstation agent of {@code ferry agent --config FILE}, in plain Java (no Quarkus): the
 * backup cache under {@code <data>/journal}, a {@link HostMonitor} on the policy folder, and a
 * status file ({@link AgentStatus}) rewritten every {@link AgentStatus#INTERVAL}. The caller holds
 * the data folder's lock. {@link #close} stops the monitor first, then closes the cache.
 */
public final class WorkstationAgent implements AutoCloseable {
  private final AgentConfig config;
  private final PrintStream log;
  private final AtomicLong appended = new AtomicLong();

  /** Rejected policy files and their first error; guarded by itself. */
  private final Map<Path, String> rejected = new TreeMap<>();

  private BackupCache cache;
  private StagingStore staging;
  private HostMonitor monitor;
  private ScheduledExecutorService statusWriter;
  private boolean closed;

  /** The status last written; guarded by this. */
  private AgentStatus lastWritten;

  private WorkstationAgent(AgentConfig config, PrintStream log) {
    this.config = config;
    this.log = log;
  }

  /**
   * Opens the cache, starts the monitor and the status writer.
   *
   * @throws IOException if the cache cannot be opened or a policy root is not usable (the monitor
   *     names it); nothing is left running
   */
  public static WorkstationAgent start(AgentConfig config, PrintStream log) throws IOException {
    WorkstationAgent a = new WorkstationAgent(config, log);
    try {
      a.open();
    } catch (IOException | RuntimeException e) {
      a.close();
      throw e;
    }
    return a;
  }

  private void open() throws IOException {
    Files.createDirectories(config.stateDir());
    cache = BackupCache.open(config.journalDir(), config.journal());
    staging = StagingStore.open(config.stagingDir(), config.stagingQuotaBytes());
    PolicyListener observer =
        new PolicyListener() {
          @Override
          public void policiesChanged(PolicySet policies) {
            log("policies in force: " + names(policies));
            synchronized (rejected) {
              for (Policy p : policies.policies()) {
                rejected.remove(p.file());
              }
              rejected.keySet().removeIf(f -> !Files.exists(f));
            }
          }

          @Override
          public void policyRejected(Path file, PolicyException error) {
            String first = error.errors().get(0).toString();
            log("policy rejected: " + first);
            synchronized (rejected) {
              rejected.put(file, first);
            }
          }
        };
    monitor =
        new HostMonitor(
            config.hostId(),
            PolicySource.folder(config.policies(), observer),
            config.stateDir(),
            List.of(config.data()),
            cache,
            this::recorded,
            config.timings(),
            staging);
    monitor.start();
    log(
        "agent started: host "
            + config.hostId()
            + ", data "
            + config.data()
            + ", policies "
            + config.policies()
            + " ("
            + names(monitor.policies())
            + "), journal "
            + AgentConfigParser.yaml(config.durability()));
    writeStatus("running");
    statusWriter =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "ferry-agent-status");
              t.setDaemon(true);
              return t;
            });
    long every = AgentStatus.INTERVAL.toMillis();
    statusWriter.scheduleWithFixedDelay(
        () -> writeStatus("running"), every, every, TimeUnit.MILLISECONDS);
  }

  private void recorded(ChangeRecord r, long index, long appendedAtNanos) {
    appended.incrementAndGet();
  }

  /** The status now. */
  public AgentStatus status(String state) {
    List<String> problems = new ArrayList<>();
    synchronized (rejected) {
      problems.addAll(rejected.values());
    }
    MonitorHealth health = monitor == null ? null : monitor.health();
    if (health != null) {
      problems.addAll(health.problems());
    }
    PolicySet policies = monitor == null ? PolicySet.empty() : monitor.policies();
    if (policies.policies().isEmpty() && "running".equals(state)) {
      problems.add(
          "no valid policy in "
              + config.policies()
              + ": nothing is watched (see src-docs/policy.md)");
    }
    return new AgentStatus(
        state,
        ProcessHandle.current().pid(),
        config.hostId(),
        Instant.now().truncatedTo(ChronoUnit.MILLIS),
        AgentConfigParser.yaml(config.durability()),
        cache == null ? -1 : cache.lastIndex(),
        cache == null ? -1 : cache.durableIndex(),
        cache == null ? -1 : cache.acknowledged(),
        cache == null ? -1 : cache.cycleFiles(),
        cache == null ? -1 : cache.usableBytes(),
        appended.get(),
        monitor == null ? 0 : monitor.pendingSaves(),
        health == null ? 0 : health.unrecordedSaves(),
        health == null || health.staging() == null ? 0 : health.staging().versionsStaged(),
        health == null || health.staging() == null ? 0 : health.staging().usedBytes(),
        config.stagingQuotaBytes(),
        health == null ? null : health.lastCheckpoint(),
        health == null ? null : health.lastRescan(),
        policies.policies().stream().map(Policy::name).toList(),
        problems,
        health == null ? List.of() : health.warnings());
  }

  /**
   * Writes the status if it changed since the last write, or if the last write is {@link
   * AgentStatus#REFRESH} old (so a reader can tell a live agent from a stuck one): an idle agent
   * writes a file every few seconds, not every interval.
   */
  private synchronized void writeStatus(String state) {
    if (closed && "running".equals(state)) {
      return;
    }
    try {
      AgentStatus now = status(state);
      if (lastWritten != null
          && now.sameAs(lastWritten)
          && Duration.between(lastWritten.updatedAt(), now.updatedAt())
                  .compareTo(AgentStatus.REFRESH)
              < 0) {
        return;
      }
      now.write(config.statusFile());
      lastWritten = now;
    } catch (IOException | RuntimeException e) {
      log("cannot write " + config.statusFile() + ": " + e);
    }
  }

  private static String names(PolicySet policies) {
    List<String> n = policies.policies().stream().map(Policy::name).toList();
    return n.isEmpty() ? "none" : String.join(", ", n);
  }

  private void log(String message) {
    log.println(Instant.now().truncatedTo(ChronoUnit.MILLIS) + " ferry agent: " + message);
  }

  /** Stops the monitor, then closes the cache and writes the final status; idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    if (statusWriter != null) {
      statusWriter.shutdownNow();
      try {
        statusWriter.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (monitor != null) {
      monitor.close();
    }
    if (staging != null) {
      try {
        staging.close();
      } catch (IOException | RuntimeException e) {
        log("closing the staging store: " + e);
      }
    }
    if (cache != null) {
      AgentStatus last = status("stopped");
      cache.close();
      try {
        // After the close's sync the durable index is the last one.
        last.stoppedCleanly().write(config.statusFile());
      } catch (IOException | RuntimeException e) {
        log("cannot write " + config.statusFile() + ": " + e);
      }
    }
    log("agent stopped");
  }
}
