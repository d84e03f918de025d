package dev.ferry.monitor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the agent watches and where it keeps its own state.
 *
 * @param hostId this workstation's id, written into every record
 * @param roots folders watched recursively; made absolute and normalized
 * @param settle how long a modified file must stay quiet to count as saved; null means {@link
 *     #DEFAULT_SETTLE}
 * @param stateDir the agent's own folder (initial-scan marker); never watched, even inside a root
 */
public record MonitorConfig(String hostId, List<Path> roots, Duration settle, Path stateDir) {
  /** The settle time used when none is given. */
  public static final Duration DEFAULT_SETTLE = Duration.ofSeconds(2);

  public MonitorConfig {
    Objects.requireNonNull(hostId, "hostId");
    Objects.requireNonNull(stateDir, "stateDir");
    if (hostId.isBlank()) {
      throw new IllegalArgumentException("hostId is blank");
    }
    if (roots == null || roots.isEmpty()) {
      throw new IllegalArgumentException("no roots to watch");
    }
    roots = roots.stream().map(r -> r.toAbsolutePath().normalize()).toList();
    settle = settle == null ? DEFAULT_SETTLE : settle;
    if (settle.isNegative() || settle.isZero()) {
      throw new IllegalArgumentException("settle must be positive: " + settle);
    }
    stateDir = stateDir.toAbsolutePath().normalize();
  }
}
