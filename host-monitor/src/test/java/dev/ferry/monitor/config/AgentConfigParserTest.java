package dev.ferry.monitor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.monitor.journal.BackupCache;
import dev.ferry.monitor.journal.JournalDurability;
import dev.ferry.monitor.policy.PolicyError;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AgentConfigParserTest {
  private static final Path HOME = Path.of(System.getProperty("user.home", "/"));
  private static final Path FILE = Path.of("/etc/ferry/agent.yaml");

  private static AgentConfig parse(String yaml) throws AgentConfigException {
    return AgentConfigParser.parse(FILE, yaml.getBytes(StandardCharsets.UTF_8), () -> "this-host");
  }

  private static String error(String yaml) {
    try {
      parse(yaml);
    } catch (AgentConfigException e) {
      return e.getMessage();
    }
    throw new AssertionError("no error for:\n" + yaml);
  }

  @Test
  void onlyDataAndPoliciesAreRequiredAndTheRestHasDefaults() throws Exception {
    AgentConfig c = parse("data: /var/lib/ferry\npolicies: /etc/ferry/policies\n");

    assertThat(c.hostId()).isEqualTo("this-host");
    assertThat(c.data()).isEqualTo(Path.of("/var/lib/ferry"));
    assertThat(c.policies()).isEqualTo(Path.of("/etc/ferry/policies"));
    assertThat(c.durability()).isEqualTo(BackupCache.DEFAULT_DURABILITY);
    assertThat(c.journal().groupInterval()).isEqualTo(BackupCache.DEFAULT_GROUP_INTERVAL);
    assertThat(c.journalDir()).isEqualTo(Path.of("/var/lib/ferry/journal"));
    assertThat(c.statusFile()).isEqualTo(Path.of("/var/lib/ferry/agent-status.json"));
  }

  @Test
  void everyFieldIsRead() throws Exception {
    AgentConfig c =
        parse(
            """
            host-id: ws-17.office
            data: ~/.local/share/ferry
            policies: policies
            journal:
              durability: every-record
              group-commit-interval: 5ms
              reserve: 256MiB
            scan:
              reconcile-every: 12h
              poll-every: 2m
              checkpoint-every: 30s
            """);

    assertThat(c.hostId()).isEqualTo("ws-17.office");
    assertThat(c.data()).isEqualTo(HOME.resolve(".local/share/ferry"));
    assertThat(c.policies())
        .as("relative to the file's folder")
        .isEqualTo(Path.of("/etc/ferry/policies"));
    assertThat(c.durability()).isEqualTo(JournalDurability.EVERY_RECORD);
    assertThat(c.journal().groupInterval()).isEqualTo(Duration.ofMillis(5));
    assertThat(c.journal().reserveBytes()).isEqualTo(256L << 20);
    assertThat(c.timings().rescanEvery()).isEqualTo(Duration.ofHours(12));
    assertThat(c.timings().pollEvery()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.timings().checkpointEvery()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void aReconcileIntervalUnderAMinuteIsRefusedNamingTheField() {
    assertThatThrownBy(() -> parse("data: /d\npolicies: /p\nscan:\n  reconcile-every: 5s\n"))
        .isInstanceOf(AgentConfigException.class)
        .hasMessageContaining("4:20")
        .hasMessageContaining("scan.reconcile-every")
        .hasMessageContaining("at least 1m");
  }

  @Test
  void aReserveThatIsNotASizeIsRefusedNamingTheField() {
    assertThatThrownBy(() -> parse("data: /d\npolicies: /p\njournal: {reserve: lots}\n"))
        .isInstanceOf(AgentConfigException.class)
        .hasMessageContaining("journal.reserve");
  }

  @Test
  void eachDurabilityIsSpelledAsInTheDocs() throws Exception {
    for (JournalDurability d : JournalDurability.values()) {
      String yaml =
          "data: /d\npolicies: /p\njournal: {durability: " + AgentConfigParser.yaml(d) + "}\n";
      assertThat(parse(yaml).durability()).isEqualTo(d);
    }
  }

  @Test
  void aBadDurabilityIsNamedWithLineColumnAndField() {
    assertThat(error("data: /d\npolicies: /p\njournal:\n  durability: fsync\n"))
        .isEqualTo(
            "/etc/ferry/agent.yaml:4:15: field 'journal.durability': 'fsync' is not"
                + " 'process-crash', 'group-commit' or 'every-record'");
  }

  @Test
  void unknownFieldsAreNamedWithASuggestion() {
    assertThat(error("data: /d\npolices: /p\n"))
        .contains("agent.yaml:1:1: field 'policies': is missing")
        .contains("agent.yaml:2:1: field 'polices': unknown field (did you mean 'policies'?)");
    assertThat(error("data: /d\npolicies: /p\njournal:\n  sync: always\n"))
        .isEqualTo(
            "/etc/ferry/agent.yaml:4:3: field 'journal.sync': unknown field (known fields:"
                + " durability, group-commit-interval, reserve)");
  }

  @Test
  void missingRequiredFieldsAreNamed() {
    assertThat(error("host-id: x\n"))
        .contains("field 'data': is missing")
        .contains("field 'policies': is missing");
  }

  @Test
  void badValuesAreNamed() {
    assertThat(error("data: [a, b]\npolicies: /p\n"))
        .isEqualTo(
            "/etc/ferry/agent.yaml:1:7: field 'data': expected a single value, not a list or"
                + " fields");
    assertThat(error("data: /d\npolicies: /p\nhost-id: my laptop\n"))
        .startsWith("/etc/ferry/agent.yaml:3:10: field 'host-id': 'my laptop' is not a host id");
    assertThat(error("data: /d\npolicies: /p\njournal: {group-commit-interval: 0ms}\n"))
        .contains("field 'journal.group-commit-interval': must be from 1ms to 10s");
    assertThat(error("data: /d\npolicies: /p\njournal: {group-commit-interval: soon}\n"))
        .contains("field 'journal.group-commit-interval': 'soon' is not a duration");
    assertThat(error("data: /d\npolicies: /d\n")).contains("field 'policies': is the data folder");
    assertThat(error("journal: every-record\ndata: /d\npolicies: /p\n"))
        .startsWith("/etc/ferry/agent.yaml:1:10: field 'journal': expected fields");
  }

  @Test
  void yamlProblemsAreReportedLikePolicyErrors() {
    assertThat(error("")).contains("1:1: file is empty");
    assertThat(error("data: /d\n  policies: [\n")).contains("not valid YAML");
    assertThat(error("- data\n")).contains("is a mapping of fields");
    assertThat(error("data: !env /d\npolicies: /p\n"))
        .contains("is not allowed in an agent configuration")
        .doesNotContain("in a policy");
  }

  @Test
  void theOneLineNamesTheFirstErrorAndCountsTheRest() {
    try {
      parse("data: /d\npolices: /p\nhost-id: a b\n");
      throw new AssertionError("no error");
    } catch (AgentConfigException e) {
      assertThat(e.errors()).hasSize(3);
      assertThat(e.errors()).extracting(PolicyError::line).containsExactly(1, 2, 3);
      assertThat(AgentConfigParser.oneLine(e))
          .startsWith("/etc/ferry/agent.yaml:1:1: field 'policies': is missing")
          .endsWith(" (and 2 more)")
          .doesNotContain("\n");
    }
  }

  @Test
  void theExampleInAgentConfigMdParses() throws Exception {
    String doc = Files.readString(Path.of("../src-docs/agent-config.md"));
    String marker = "<!-- example: agent.yaml -->\n```yaml\n";
    int from = doc.indexOf(marker);
    assertThat(from).as("agent-config.md has the example marker").isGreaterThanOrEqualTo(0);
    from += marker.length();
    String block = doc.substring(from, doc.indexOf("```\n", from));

    AgentConfig c =
        AgentConfigParser.parse(
            HOME.resolve(".config/ferry/agent.yaml"),
            block.getBytes(StandardCharsets.UTF_8),
            () -> "unused");

    assertThat(c.hostId()).isEqualTo("alice-laptop");
    assertThat(c.data()).isEqualTo(HOME.resolve(".local/share/ferry"));
    assertThat(c.policies()).isEqualTo(HOME.resolve(".config/ferry/policies"));
    assertThat(c.durability()).isEqualTo(JournalDurability.GROUP_COMMIT);
    assertThat(c.journal().groupInterval()).isEqualTo(Duration.ofMillis(10));
    assertThat(c.journal().reserveBytes()).isEqualTo(64L << 20);
    assertThat(c.timings().rescanEvery()).isEqualTo(Duration.ofDays(1));
  }

  @Test
  void aFileIsReadFromDisk(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path f = Files.writeString(dir.resolve("agent.yaml"), "data: d\npolicies: p\n");
    AgentConfig c = AgentConfigParser.parse(f);
    assertThat(c.data()).isEqualTo(dir.resolve("d").toAbsolutePath().normalize());
    assertThat(c.hostId()).isNotBlank();
  }
}
