package dev.ferry.manager.agent;

import dev.ferry.manager.config.FerryConfig;
import dev.ferry.manager.config.TargetLocation;
import dev.ferry.monitor.HostMonitor;
import dev.ferry.monitor.MonitorConfig;
import dev.ferry.monitor.MonitorHealth;
import dev.ferry.monitor.MonitorTimings;
import dev.ferry.monitor.config.AgentConfig;
import dev.ferry.monitor.journal.BackupCache;
import dev.ferry.monitor.policy.PolicySource;
import dev.ferry.monitor.policy.ValueForms;
import dev.ferry.monitor.staging.StagingStore;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The in-process agent of standalone mode: watches the configured folders into the cache. */
@ApplicationScoped
public class Agent {
  @Inject FerryConfig config;
  @Inject BackupCache cache;
  @Inject StagingStore staging;

  private HostMonitor monitor;

  /** Starts watching; a no-op when no folder is configured (manager-only JVM). */
  public synchronized void start() throws IOException {
    List<Path> roots = config.watch().orElse(List.of());
    if (monitor != null || roots.isEmpty()) {
      return;
    }
    // Users may keep Ferry's own folders inside a watched one (~/.ferry under ~): copying the
    // target into itself or the live catalog would grow without end.
    List<Path> own =
        List.of(
            config.data().toAbsolutePath().normalize(),
            TargetLocation.diskFolder(config.target()).toAbsolutePath().normalize());
    MonitorConfig mc =
        new MonitorConfig(
            hostId(),
            roots,
            config.settle(),
            config.data().resolve("agent"),
            own,
            ValueForms.versions(config.versions()));
    HostMonitor m =
        new HostMonitor(
            mc.hostId(),
            PolicySource.fixed(mc.policies()),
            mc.stateDir(),
            mc.excluded(),
            cache,
            null,
            MonitorTimings.defaults(),
            staging);
    m.start();
    monitor = m;
  }

  /** Saves seen but still settling: not in the cache yet. */
  public synchronized int pendingSaves() {
    return monitor == null ? 0 : monitor.pendingSaves();
  }

  /** What needs attention in the agent (journal disk full, roots it cannot watch); none if off. */
  public synchronized MonitorHealth health() {
    return monitor == null ? MonitorHealth.idle() : monitor.health();
  }

  public String hostId() {
    return config.hostId().orElseGet(AgentConfig::localHostName);
  }

  /** Stops watching; settling saves are dropped (the next start's scan finds them again). */
  @PreDestroy
  public synchronized void stop() {
    if (monitor != null) {
      monitor.close();
      monitor = null;
    }
  }
}
