package dev.ferry.monitor.policy;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

/**
 * Turns a composed YAML node tree into a {@link Policy}, collecting every error with its line,
 * column and field path. Only the known fields are visited, each to its known depth, so a node
 * graph made of aliases is never walked exhaustively. One instance per file; not thread-safe.
 */
final class PolicyReader {
  static final List<String> FIELDS =
      List.of(
          "name",
          "roots",
          "include",
          "exclude",
          "min-size",
          "max-size",
          "settle",
          "hold",
          "schedule",
          "versions",
          "retention",
          "targets",
          "priority");
  static final List<String> SCHEDULE_FIELDS = List.of("window", "days");
  static final List<String> RETENTION_FIELDS =
      List.of("keep-last", "keep-daily", "keep-weekly", "keep-monthly");

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final int MAX_COUNT = 100_000;

  private final YamlFields yaml;
  private final Path file;
  private final String defaultName;
  private final Path home;

  PolicyReader(String shown, Path file, String defaultName, Path home) {
    this.yaml = new YamlFields(shown, "policy", "settle");
    this.file = file;
    this.defaultName = defaultName;
    this.home = home;
  }

  PolicyParser.Parsed read(Node root) throws PolicyException {
    if (!(root instanceof MappingNode)) {
      error(root, "", "a policy is a mapping of fields, like 'roots: [~/Documents]'");
      yaml.throwIfErrors();
    }
    Map<String, NodeTuple> f = fields(root, "", FIELDS);
    NodeTuple nameField = f.get("name");
    String name = nameField == null ? defaultName(root) : name(nameField.getValueNode());
    List<Path> roots = required(f, root, "roots", "list the folders to back up", this::roots);
    List<Glob> include =
        optional(f, "include", List.of(Glob.compile("**")), n -> globs(n, "include"));
    List<Glob> exclude = optional(f, "exclude", List.<Glob>of(), n -> globs(n, "exclude"));
    Long minSize = optional(f, "min-size", 0L, n -> convert(n, "min-size", Units::size));
    Long maxSize =
        optional(f, "max-size", Long.MAX_VALUE, n -> convert(n, "max-size", Units::size));
    if (minSize != null && maxSize != null && maxSize < minSize) {
      error(f.get("max-size").getValueNode(), "max-size", "is smaller than min-size");
    }
    Duration settle = optional(f, "settle", Policy.DEFAULT_SETTLE, n -> duration(n, "settle"));
    if (settle != null && settle.isZero()) {
      error(f.get("settle").getValueNode(), "settle", "must be more than 0s");
    }
    Duration hold = optional(f, "hold", Policy.DEFAULT_HOLD, n -> duration(n, "hold"));
    ScheduleWindow schedule = optional(f, "schedule", ScheduleWindow.ALWAYS, this::schedule);
    Versions versions = optional(f, "versions", Versions.LATEST, this::versions);
    Retention retention = optional(f, "retention", Retention.DEFAULT, this::retention);
    List<String> targets =
        required(f, root, "targets", "name at least one storage target", this::targets);
    Integer priority =
        optional(f, "priority", 0, n -> convert(n, "priority", v -> Units.integer(v, -1000, 1000)));
    yaml.throwIfErrors();
    Policy policy =
        new Policy(
            name, file, roots, include, exclude, minSize, maxSize, settle, hold, schedule, versions,
            retention, targets, priority);
    Node at = nameField == null ? root : nameField.getValueNode();
    return new PolicyParser.Parsed(
        policy, at.getStartMark().getLine() + 1, at.getStartMark().getColumn() + 1);
  }

  private String defaultName(Node root) {
    if (NAME.matcher(defaultName).matches()) {
      return defaultName;
    }
    error(
        root,
        "name",
        "is missing and the file name "
            + Units.quote(defaultName)
            + " is not a usable name; add 'name:' (letters, digits, '.', '_', '-')");
    return null;
  }

  private String name(Node n) {
    String v = text(n, "name");
    if (v != null && !NAME.matcher(v).matches()) {
      error(
          n,
          "name",
          Units.quote(v) + " is not a name (1 to 64 letters, digits, '.', '_', '-'; no spaces)");
      return null;
    }
    return v;
  }

  private List<Path> roots(Node n) {
    List<Path> roots = new ArrayList<>();
    List<Node> items = list(n, "roots");
    for (int i = 0; i < items.size(); i++) {
      String field = "roots[" + i + "]";
      String v = text(items.get(i), field);
      if (v == null) {
        continue;
      }
      Path root = root(items.get(i), field, v);
      if (root != null && roots.contains(root)) {
        error(items.get(i), field, Units.quote(v) + " is listed twice");
      } else if (root != null) {
        roots.add(root);
      }
    }
    return nonEmpty(n, "roots", roots);
  }

  private Path root(Node n, String field, String v) {
    try {
      Path p;
      if (v.equals("~")) {
        p = home;
      } else if (v.startsWith("~/")) {
        p = home.resolve(v.substring(2));
      } else {
        p = Path.of(v);
      }
      if (!p.isAbsolute()) {
        error(n, field, Units.quote(v) + " is not an absolute folder (start with / or ~/)");
        return null;
      }
      return p.normalize();
    } catch (InvalidPathException e) {
      error(n, field, Units.quote(v) + " is not a path: " + e.getReason());
      return null;
    }
  }

  private List<Glob> globs(Node n, String field) {
    List<Glob> globs = new ArrayList<>();
    List<Node> items = list(n, field);
    for (int i = 0; i < items.size(); i++) {
      Glob g = convert(items.get(i), field + "[" + i + "]", Glob::compile);
      if (g != null) {
        globs.add(g);
      }
    }
    return field.equals("include") ? nonEmpty(n, field, globs) : globs;
  }

  private Duration duration(Node n, String field) {
    return convert(n, field, Units::duration);
  }

  private ScheduleWindow schedule(Node n) {
    Map<String, NodeTuple> f = fields(n, "schedule", SCHEDULE_FIELDS);
    if (f == null) {
      return null;
    }
    int[] window =
        required(
            f,
            n,
            "schedule.window",
            "give the hours copies may run, like window: \"22:00-06:00\"",
            w -> convert(w, "schedule.window", Units::window));
    Set<DayOfWeek> days = optional(f, "days", EnumSet.allOf(DayOfWeek.class), this::days);
    if (window == null || days == null || days.isEmpty()) {
      return null;
    }
    return new ScheduleWindow(window[0], window[1], days);
  }

  private Set<DayOfWeek> days(Node n) {
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    List<Node> items = list(n, "schedule.days");
    for (int i = 0; i < items.size(); i++) {
      Set<DayOfWeek> d = convert(items.get(i), "schedule.days[" + i + "]", Units::days);
      if (d != null) {
        days.addAll(d);
      }
    }
    return nonEmpty(n, "schedule.days", days);
  }

  private Versions versions(Node n) {
    return convert(
        n,
        "versions",
        v -> {
          for (Versions x : Versions.values()) {
            if (x.yaml().equals(v)) {
              return x;
            }
          }
          throw new IllegalArgumentException(Units.quote(v) + " is not 'latest' or 'every-save'");
        });
  }

  private Retention retention(Node n) {
    Map<String, NodeTuple> f = fields(n, "retention", RETENTION_FIELDS);
    if (f == null) {
      return null;
    }
    Retention d = Retention.DEFAULT;
    Integer last = optional(f, "keep-last", d.keepLast(), v -> count(v, "retention.keep-last", 1));
    Integer daily =
        optional(f, "keep-daily", d.keepDaily(), v -> count(v, "retention.keep-daily", 0));
    Integer weekly =
        optional(f, "keep-weekly", d.keepWeekly(), v -> count(v, "retention.keep-weekly", 0));
    Integer monthly =
        optional(f, "keep-monthly", d.keepMonthly(), v -> count(v, "retention.keep-monthly", 0));
    if (last == null || daily == null || weekly == null || monthly == null) {
      return null;
    }
    return new Retention(last, daily, weekly, monthly);
  }

  private Integer count(Node n, String field, int min) {
    return convert(n, field, v -> Units.integer(v, min, MAX_COUNT));
  }

  private List<String> targets(Node n) {
    List<String> targets = new ArrayList<>();
    List<Node> items = list(n, "targets");
    for (int i = 0; i < items.size(); i++) {
      String field = "targets[" + i + "]";
      String v = text(items.get(i), field);
      if (v == null) {
        continue;
      }
      if (!NAME.matcher(v).matches()) {
        error(items.get(i), field, Units.quote(v) + " is not a target name");
      } else if (targets.contains(v)) {
        error(items.get(i), field, Units.quote(v) + " is listed twice");
      } else {
        targets.add(v);
      }
    }
    return nonEmpty(n, "targets", targets);
  }

  // ---- generic node access ({@link YamlFields}) ----

  private Map<String, NodeTuple> fields(Node n, String prefix, List<String> known) {
    return yaml.fields(n, prefix, known);
  }

  private <T> T optional(Map<String, NodeTuple> f, String key, T absent, Function<Node, T> read) {
    return yaml.optional(f, key, absent, read);
  }

  private <T> T required(
      Map<String, NodeTuple> f, Node parent, String field, String hint, Function<Node, T> read) {
    return yaml.required(f, parent, field, hint, read);
  }

  private List<Node> list(Node n, String field) {
    return yaml.list(n, field);
  }

  private <C extends Collection<?>> C nonEmpty(Node n, String field, C out) {
    return yaml.nonEmpty(n, field, out);
  }

  private String text(Node n, String field) {
    return yaml.text(n, field);
  }

  private <T> T convert(Node n, String field, Function<String, T> parse) {
    return yaml.convert(n, field, parse);
  }

  private void error(Node at, String field, String message) {
    yaml.error(at, field, message);
  }
}
