package dev.ferry.monitor.config;

import dev.ferry.monitor.MonitorTimings;
import dev.ferry.monitor.journal.JournalDurability;
import dev.ferry.monitor.journal.JournalSettings;
import dev.ferry.monitor.policy.PolicyError;
import dev.ferry.monitor.policy.PolicyException;
import dev.ferry.monitor.policy.YamlFields;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

/**
 * Reads an agent configuration file ({@code src-docs/agent-config.md}) with the policy files'
 * machinery ({@link YamlFields}): every error names file, line, column and field, unknown fields
 * included. Stateless, thread-safe.
 */
public final class AgentConfigParser {
  static final List<String> FIELDS =
      List.of("host-id", "data", "policies", "journal", "scan", "staging");
  static final List<String> STAGING_FIELDS = List.of("quota");
  static final List<String> JOURNAL_FIELDS =
      List.of("durability", "group-commit-interval", "reserve");
  static final List<String> SCAN_FIELDS =
      List.of("reconcile-every", "poll-every", "checkpoint-every");

  private static final Pattern HOST_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,252}");
  private static final Duration MAX_INTERVAL = Duration.ofSeconds(10);
  private static final Duration ONE_SECOND = Duration.ofSeconds(1);
  private static final Duration ONE_MINUTE = Duration.ofMinutes(1);

  private AgentConfigParser() {}

  /** Reads {@code file}; without {@code host-id} the id is this machine's name. */
  public static AgentConfig parse(Path file) throws IOException, AgentConfigException {
    return parse(file, AgentConfig::localHostName);
  }

  /**
   * Reads {@code file}; errors name it as given.
   *
   * @param defaultHostId the id when the file gives none
   * @throws NoSuchFileException if there is no such file
   * @throws IOException if it cannot be read
   */
  public static AgentConfig parse(Path file, Supplier<String> defaultHostId)
      throws IOException, AgentConfigException {
    return parse(file, YamlFields.read(file), defaultHostId);
  }

  /**
   * Parses {@code content}, the bytes of {@code file}; relative folders are resolved against the
   * file's folder.
   */
  public static AgentConfig parse(Path file, byte[] content, Supplier<String> defaultHostId)
      throws AgentConfigException {
    String shown = file.toString();
    try {
      Node root =
          YamlFields.compose(
              shown,
              "agent configuration",
              "file is empty; an agent configuration needs at least data and policies",
              content);
      return new Reader(shown, file, defaultHostId).read(root);
    } catch (PolicyException e) {
      throw new AgentConfigException(e.errors());
    }
  }

  /** One file's reading. */
  private static final class Reader {
    private final YamlFields y;
    private final Path file;
    private final Supplier<String> defaultHostId;

    Reader(String shown, Path file, Supplier<String> defaultHostId) {
      this.y = new YamlFields(shown, "agent configuration", "data");
      this.file = file;
      this.defaultHostId = defaultHostId;
    }

    AgentConfig read(Node root) throws PolicyException {
      if (!(root instanceof MappingNode)) {
        y.error(root, "", "an agent configuration is a mapping of fields, like 'data: ~/.ferry'");
        y.throwIfErrors();
      }
      Map<String, NodeTuple> f = y.fields(root, "", FIELDS);
      String hostId = y.optional(f, "host-id", null, this::hostId);
      Path data =
          y.required(
              f,
              root,
              "data",
              "name the agent's folder, like 'data: ~/.local/share/ferry'",
              n -> folder(n, "data"));
      Path policies =
          y.required(
              f,
              root,
              "policies",
              "name the policy folder, like 'policies: ~/.config/ferry/policies'",
              n -> folder(n, "policies"));
      JournalSettings journal = y.optional(f, "journal", JournalSettings.defaults(), this::journal);
      MonitorTimings timings = y.optional(f, "scan", MonitorTimings.defaults(), this::scan);
      Long quota = y.optional(f, "staging", AgentConfig.DEFAULT_STAGING_QUOTA, this::staging);
      if (data != null && policies != null && data.equals(policies)) {
        y.error(
            f.get("policies").getValueNode(),
            "policies",
            "is the data folder; keep policy files in a folder of their own");
      }
      y.throwIfErrors();
      return new AgentConfig(
          file,
          hostId != null ? hostId : defaultHostId.get(),
          data,
          policies,
          journal,
          timings,
          quota == null ? AgentConfig.DEFAULT_STAGING_QUOTA : quota);
    }

    private Long staging(Node n) {
      Map<String, NodeTuple> f = y.fields(n, "staging", STAGING_FIELDS);
      if (f == null) {
        return AgentConfig.DEFAULT_STAGING_QUOTA;
      }
      return y.optional(
          f, "quota", AgentConfig.DEFAULT_STAGING_QUOTA, v -> y.size(v, "staging.quota"));
    }

    private String hostId(Node n) {
      String v = y.text(n, "host-id");
      if (v != null && !HOST_ID.matcher(v).matches()) {
        y.error(
            n,
            "host-id",
            YamlFields.quote(v) + " is not a host id (letters, digits, '.', '_', '-'; no spaces)");
        return null;
      }
      return v;
    }

    private Path folder(Node n, String field) {
      String v = y.text(n, field);
      if (v == null) {
        return null;
      }
      try {
        Path home = Path.of(System.getProperty("user.home", "/"));
        Path p;
        if (v.equals("~")) {
          p = home;
        } else if (v.startsWith("~/")) {
          p = home.resolve(v.substring(2));
        } else {
          Path base = file.toAbsolutePath().getParent();
          p = base == null ? Path.of(v).toAbsolutePath() : base.resolve(v);
        }
        return p.toAbsolutePath().normalize();
      } catch (InvalidPathException e) {
        y.error(n, field, YamlFields.quote(v) + " is not a path: " + e.getReason());
        return null;
      }
    }

    private JournalSettings journal(Node n) {
      JournalSettings defaults = JournalSettings.defaults();
      Map<String, NodeTuple> f = y.fields(n, "journal", JOURNAL_FIELDS);
      if (f == null) {
        return defaults;
      }
      JournalDurability d =
          y.optional(
              f,
              "durability",
              defaults.durability(),
              v -> y.convert(v, "journal.durability", AgentConfigParser::durability));
      Duration interval =
          y.optional(
              f,
              "group-commit-interval",
              defaults.groupInterval(),
              v -> y.duration(v, "journal.group-commit-interval"));
      if (interval != null
          && (interval.compareTo(Duration.ofMillis(1)) < 0
              || interval.compareTo(MAX_INTERVAL) > 0)) {
        y.error(
            f.get("group-commit-interval").getValueNode(),
            "journal.group-commit-interval",
            "must be from 1ms to 10s");
        interval = null;
      }
      Long reserve =
          y.optional(f, "reserve", defaults.reserveBytes(), v -> y.size(v, "journal.reserve"));
      if (d == null || interval == null || reserve == null) {
        return defaults; // an error was recorded; the result is not used
      }
      return new JournalSettings(d, interval, reserve);
    }

    private MonitorTimings scan(Node n) {
      MonitorTimings defaults = MonitorTimings.defaults();
      Map<String, NodeTuple> f = y.fields(n, "scan", SCAN_FIELDS);
      if (f == null) {
        return defaults;
      }
      Duration reconcile = atLeast(f, "reconcile-every", defaults.rescanEvery(), ONE_MINUTE);
      Duration poll = atLeast(f, "poll-every", defaults.pollEvery(), ONE_SECOND);
      Duration checkpoint = atLeast(f, "checkpoint-every", defaults.checkpointEvery(), ONE_SECOND);
      if (reconcile == null || poll == null || checkpoint == null) {
        return defaults;
      }
      return new MonitorTimings(checkpoint, reconcile, poll);
    }

    /** An optional duration of at least {@code min}; null after recording an error. */
    private Duration atLeast(Map<String, NodeTuple> f, String key, Duration absent, Duration min) {
      String field = "scan." + key;
      Duration d = y.optional(f, key, absent, v -> y.duration(v, field));
      if (d != null && d.compareTo(min) < 0) {
        String shown = min.equals(ONE_MINUTE) ? "1m" : "1s";
        y.error(f.get(key).getValueNode(), field, "must be at least " + shown);
        return null;
      }
      return d;
    }
  }

  /** {@code process-crash}, {@code group-commit} or {@code every-record}. */
  static JournalDurability durability(String v) {
    for (JournalDurability d : JournalDurability.values()) {
      if (yaml(d).equals(v)) {
        return d;
      }
    }
    throw new IllegalArgumentException(
        YamlFields.quote(v) + " is not 'process-crash', 'group-commit' or 'every-record'");
  }

  /** The name of {@code d} in a configuration file. */
  public static String yaml(JournalDurability d) {
    return d.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The one line a command prints for {@code e}. */
  public static String oneLine(AgentConfigException e) {
    PolicyError first = e.first();
    int more = e.errors().size() - 1;
    return more == 0 ? first.toString() : first + " (and " + more + " more)";
  }
}
