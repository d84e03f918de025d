package dev.ferry.monitor;

import dev.ferry.monitor.policy.Policy;
import dev.ferry.monitor.policy.PolicySet;
import dev.ferry.monitor.policy.Versions;
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
 * @param excluded folders never watched, scanned or recorded, even inside a root (the copy
 *     manager's data and target folders); made absolute and normalized; null means none. The state
 *     folder and the backup cache's folder are always excluded as well. A root inside an excluded
 *     folder is rejected (IllegalArgumentException): it would watch nothing.
 * @param versions which versions the one policy keeps; null means {@link Versions#LATEST}
 */
public record MonitorConfig(
    String hostId,
    List<Path> roots,
    Duration settle,
    Path stateDir,
    List<Path> excluded,
    Versions versions) {
  /** The name of the one policy {@link #policies()} holds; recorded as every record's class. */
  public static final String POLICY_NAME = "default";

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
    versions = versions == null ? Versions.LATEST : versions;
    excluded =
        excluded == null
            ? List.of()
            : excluded.stream().map(e -> e.toAbsolutePath().normalize()).toList();
    for (Path r : roots) {
      for (Path e : excluded) {
        if (r.startsWith(e)) {
          throw new IllegalArgumentException(
              "root " + r + " is inside the excluded folder " + e + ": nothing would be watched");
        }
      }
    }
  }

  /** No excluded folders besides the state and cache folders; latest versions only. */
  public MonitorConfig(String hostId, List<Path> roots, Duration settle, Path stateDir) {
    this(hostId, roots, settle, stateDir, List.of(), null);
  }

  /** Latest versions only. */
  public MonitorConfig(
      String hostId, List<Path> roots, Duration settle, Path stateDir, List<Path> excluded) {
    this(hostId, roots, settle, stateDir, excluded, null);
  }

  /**
   * This configuration as a policy set: one policy named {@value #POLICY_NAME}, with these roots
   * and this settle time, copying every file but the built-in temporary ones, of any size ({@link
   * Policy#everything}).
   */
  public PolicySet policies() {
    return PolicySet.of(List.of(Policy.everything(POLICY_NAME, roots, settle, versions)));
  }

  /** True if {@code p} is inside (or is) an excluded folder. */
  public boolean isExcluded(Path p) {
    for (Path e : excluded) {
      if (p.startsWith(e)) {
        return true;
      }
    }
    return false;
  }
}
