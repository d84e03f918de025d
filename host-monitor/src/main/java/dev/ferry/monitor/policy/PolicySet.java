package dev.ferry.monitor.policy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The policies in force on an agent, and which one a file falls under. Immutable and thread-safe: a
 * reload builds a new set.
 *
 * <p>When several policies match a file, the one with the highest {@code priority} wins; on equal
 * priority, the one whose matching root is deepest (the most specific folder); then the one whose
 * name sorts first (names are unique, so the choice is always the same).
 */
public final class PolicySet {
  private static final PolicySet EMPTY = new PolicySet(List.of());

  /** Highest priority first, then by name. */
  private static final Comparator<Policy> ORDER =
      Comparator.comparingInt(Policy::priority).reversed().thenComparing(Policy::name);

  private final List<Policy> policies;

  private PolicySet(List<Policy> policies) {
    this.policies = policies;
  }

  /** No policies: nothing is copied. */
  public static PolicySet empty() {
    return EMPTY;
  }

  /**
   * A set of these policies, in any order.
   *
   * @throws IllegalArgumentException if two policies share a name
   */
  public static PolicySet of(List<Policy> policies) {
    Set<String> names = new HashSet<>();
    for (Policy p : policies) {
      if (!names.add(p.name())) {
        throw new IllegalArgumentException("two policies are named " + p.name());
      }
    }
    List<Policy> sorted = new ArrayList<>(policies);
    sorted.sort(ORDER);
    return new PolicySet(List.copyOf(sorted));
  }

  /** All policies, highest priority first, then by name. */
  public List<Policy> policies() {
    return policies;
  }

  /**
   * The policy that copies {@code absoluteFile} of {@code size} bytes, or empty if none does ("not
   * copied"). {@code absoluteFile} must be absolute and normalized, like the roots.
   */
  public Optional<Policy> classify(Path absoluteFile, long size) {
    Policy best = null;
    int bestDepth = -1;
    for (Policy p : policies) {
      if (best != null && p.priority() < best.priority()) {
        break; // sorted: nothing later can win
      }
      int depth = p.matchDepth(absoluteFile, size);
      if (depth > bestDepth) { // strictly deeper: on a tie the earlier name stays
        best = p;
        bestDepth = depth;
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * True if nothing in folder {@code dir} (absolute, normalized) can be copied, so it need not be
   * watched or scanned: every policy with a root around it excludes the folder itself by a pattern
   * (such a pattern matches everything inside it: {@code .git}, {@code node_modules}, {@code
   * **}{@code /target}), and no root lies inside it. Conservative: a folder only some of whose
   * files are excluded is watched.
   */
  public boolean ignoresFolder(Path dir) {
    boolean covered = false;
    for (Policy p : policies) {
      for (Path r : p.roots()) {
        if (r.startsWith(dir)) {
          return false; // a root at or inside it must be watched
        }
        if (dir.startsWith(r)) {
          covered = true;
          if (!p.excludesFolder(r, dir)) {
            return false;
          }
        }
      }
    }
    return covered;
  }

  /** Every root of every policy, sorted, without duplicates. */
  public Set<Path> roots() {
    Set<Path> roots = new TreeSet<>();
    for (Policy p : policies) {
      roots.addAll(p.roots());
    }
    return roots;
  }

  /** The folders to watch: {@link #roots()} without those inside another root. */
  public List<Path> watchRoots() {
    List<Path> out = new ArrayList<>();
    for (Path r : roots()) { // sorted: a parent comes before what is inside it
      if (out.isEmpty() || !r.startsWith(out.get(out.size() - 1))) {
        out.add(r);
      }
    }
    return out;
  }

  /**
   * The settle time to use for changes under {@code root}: the shortest {@code settle} of the
   * policies with a root equal to, inside or around it, so that no policy waits longer than it
   * asked; {@link Policy#DEFAULT_SETTLE} if none has. Once a file has settled this long, {@link
   * #classify} gives its policy, whose own {@code settle} may ask to wait longer.
   */
  public Duration settle(Path root) {
    Duration shortest = null;
    for (Policy p : policies) {
      for (Path r : p.roots()) {
        if ((r.startsWith(root) || root.startsWith(r))
            && (shortest == null || p.settle().compareTo(shortest) < 0)) {
          shortest = p.settle();
        }
      }
    }
    return shortest == null ? Policy.DEFAULT_SETTLE : shortest;
  }

  /** The policy named {@code name}, if any. */
  public Optional<Policy> named(String name) {
    return policies.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  @Override
  public String toString() {
    return policies.stream().map(Policy::name).toList().toString();
  }
}
