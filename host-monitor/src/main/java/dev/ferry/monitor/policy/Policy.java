package dev.ferry.monitor.policy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One policy file, parsed and checked: which files it copies, when, how many versions it keeps and
 * where it sends them. Field by field meaning, defaults and YAML spelling: {@code
 * src-docs/policy.md}. Immutable and thread-safe.
 *
 * @param name unique among the agent's policies; recorded with each change as its policy class
 * @param file the policy file it came from
 * @param roots absolute, normalized folders, at least one
 * @param include globs relative to a root; a file must match one. Default {@code **}
 * @param exclude globs relative to a root; a file matching one is not copied. The built-in {@link
 *     TemporaryFiles} list applies as well
 * @param minSize smallest file copied, in bytes, inclusive
 * @param maxSize largest file copied, in bytes, inclusive; {@link Long#MAX_VALUE} for no limit
 * @param settle how long a file must stay unchanged before its save is recorded; positive
 * @param hold how long a recorded save waits before it is copied; zero or positive
 * @param schedule when copies may run
 * @param versions which versions are kept
 * @param retention how many versions the targets keep
 * @param targets names of the storage targets, at least one, no duplicates
 * @param priority the higher wins when several policies match a file
 */
public record Policy(
    String name,
    Path file,
    List<Path> roots,
    List<Glob> include,
    List<Glob> exclude,
    long minSize,
    long maxSize,
    Duration settle,
    Duration hold,
    ScheduleWindow schedule,
    Versions versions,
    Retention retention,
    List<String> targets,
    int priority) {
  /** Used when a policy has no {@code settle}. */
  public static final Duration DEFAULT_SETTLE = Duration.ofSeconds(2);

  /** Used when a policy has no {@code hold}. */
  public static final Duration DEFAULT_HOLD = Duration.ofHours(10);

  /**
   * A policy copying every file under {@code roots} (include {@code **}; the built-in temporary
   * files excepted) of any size, with this settle time; the other fields have their policy-file
   * defaults, and its one target is named like the policy. Its file is {@code (name)}: it comes
   * from code, not from a policy file.
   */
  public static Policy everything(String name, List<Path> roots, Duration settle) {
    return everything(name, roots, settle, Versions.LATEST);
  }

  /** As {@link #everything(String, List, Duration)}, keeping {@code versions}. */
  public static Policy everything(
      String name, List<Path> roots, Duration settle, Versions versions) {
    return new Policy(
        name,
        Path.of("(" + name + ")"),
        roots,
        List.of(Glob.compile("**")),
        List.of(),
        0,
        Long.MAX_VALUE,
        settle,
        DEFAULT_HOLD,
        ScheduleWindow.ALWAYS,
        versions,
        Retention.DEFAULT,
        List.of(name),
        0);
  }

  public Policy {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(file, "file");
    roots = roots.stream().map(r -> r.toAbsolutePath().normalize()).toList();
    include = List.copyOf(include);
    exclude = List.copyOf(exclude);
    targets = List.copyOf(targets);
    Objects.requireNonNull(settle, "settle");
    Objects.requireNonNull(hold, "hold");
    Objects.requireNonNull(schedule, "schedule");
    Objects.requireNonNull(versions, "versions");
    Objects.requireNonNull(retention, "retention");
    if (roots.isEmpty() || include.isEmpty() || targets.isEmpty()) {
      throw new IllegalArgumentException("a policy needs roots, include patterns and targets");
    }
    if (minSize < 0 || maxSize < minSize) {
      throw new IllegalArgumentException("sizes: 0 <= min-size <= max-size");
    }
    if (settle.isNegative() || settle.isZero() || hold.isNegative()) {
      throw new IllegalArgumentException("settle must be positive, hold not negative");
    }
  }

  /**
   * True if this policy copies {@code absoluteFile} of {@code size} bytes: it is inside a root (not
   * the root itself), its name is not a {@linkplain TemporaryFiles temporary} one, it matches an
   * include pattern and no exclude pattern, and its size is within the limits.
   */
  public boolean matches(Path absoluteFile, long size) {
    return matchDepth(absoluteFile, size) >= 0;
  }

  /** The name count of the deepest root through which the file matches, or -1. */
  int matchDepth(Path absoluteFile, long size) {
    if (size < minSize || size > maxSize) {
      return -1;
    }
    Path fileName = absoluteFile.getFileName();
    if (fileName == null || TemporaryFiles.isTemporary(fileName.toString())) {
      return -1;
    }
    int depth = -1;
    for (Path root : roots) {
      if (root.getNameCount() > depth
          && absoluteFile.startsWith(root)
          && !absoluteFile.equals(root)
          && selects(names(root.relativize(absoluteFile)))) {
        depth = root.getNameCount();
      }
    }
    return depth;
  }

  /**
   * True if an exclude pattern matches folder {@code dir} under {@code root} itself: then it
   * matches everything inside it too.
   */
  boolean excludesFolder(Path root, Path dir) {
    List<String> names = names(root.relativize(dir));
    for (Glob g : exclude) {
      if (g.matches(names)) {
        return true;
      }
    }
    return false;
  }

  private boolean selects(List<String> names) {
    for (Glob g : exclude) {
      if (g.matches(names)) {
        return false;
      }
    }
    for (Glob g : include) {
      if (g.matches(names)) {
        return true;
      }
    }
    return false;
  }

  private static List<String> names(Path relative) {
    List<String> names = new ArrayList<>(relative.getNameCount());
    for (Path n : relative) {
      names.add(n.toString());
    }
    return names;
  }
}
