package dev.ferry.manager.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.monitor.journal.BackupCache;
import dev.ferry.monitor.journal.ChangeKind;
import dev.ferry.monitor.journal.ChangeRecord;
import dev.ferry.monitor.journal.JournalEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry agent --config FILE} as a service: records saves, reports them through {@code ferry
 * agent status}, stops cleanly on SIGTERM, and after a restart records what changed while it was
 * stopped.
 */
class AgentIT {
  private static final Pattern RECORDS = Pattern.compile("records: +(\\d+) since start");
  private static final Pattern LAST = Pattern.compile("last index: +(-?\\d+)");
  private static final Pattern DURABLE = Pattern.compile("durable index: +(-?\\d+)");

  @TempDir Path base;
  private Process agent;

  @AfterEach
  void stop() throws Exception {
    if (agent != null && agent.isAlive()) {
      agent.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void recordsSavesStopsOnSigtermAndCatchesUpAfterARestart() throws Exception {
    Path watched = Files.createDirectories(base.resolve("home/docs"));
    Path policies = Files.createDirectories(base.resolve("config/policies"));
    Files.writeString(
        policies.resolve("docs.yaml"), "roots: [" + watched + "]\ntargets: [nas]\nsettle: 300ms\n");
    Path config =
        Files.writeString(
            base.resolve("config/agent.yaml"),
            "host-id: it-host\n"
                + "data: ../data\n"
                + "policies: policies\n"
                + "journal:\n"
                + "  durability: every-record\n");
    Path data = base.resolve("data");

    Ferry.Result notYet = Ferry.run("agent", "status", "--config", config.toString());
    assertThat(notYet.exit()).as(notYet.toString()).isNotZero();
    assertThat(notYet.err()).contains("is not running");

    agent = Ferry.start(base.resolve("agent1.log"), "agent", "--config", config.toString());
    awaitStatus(config, s -> true);
    Path a = Files.writeString(watched.resolve("a.txt"), "alpha");
    Path b = Files.writeString(watched.resolve("b.txt"), "beta");
    String status = awaitStatus(config, s -> number(RECORDS, s) >= 2);
    assertThat(number(DURABLE, status)).as(status).isEqualTo(number(LAST, status));
    assertThat(status)
        .contains("running")
        .contains("host it-host")
        .contains("policies:       docs");

    sigterm(base.resolve("agent1.log"));
    Ferry.Result stopped = Ferry.run("agent", "status", "--config", config.toString());
    assertThat(stopped.exit()).as(stopped.toString()).isNotZero();
    assertThat(stopped.err().strip().lines().count()).as(stopped.toString()).isEqualTo(1);
    assertThat(stopped.err()).contains("is not running").contains(data.toString());

    long lastBeforeRestart = lastIndex(data);
    Files.writeString(b, "beta, changed while the agent was stopped");

    agent = Ferry.start(base.resolve("agent2.log"), "agent", "--config", config.toString());
    awaitStatus(config, s -> number(RECORDS, s) >= 1);
    sigterm(base.resolve("agent2.log"));

    List<ChangeRecord> all = new ArrayList<>();
    List<ChangeRecord> afterRestart = new ArrayList<>();
    try (BackupCache cache = BackupCache.open(data.resolve("journal"));
        BackupCache.Reader r = cache.readFrom(0)) {
      for (Optional<JournalEntry> e = r.next(); e.isPresent(); e = r.next()) {
        all.add(e.get().record());
        if (e.get().index() > lastBeforeRestart) {
          afterRestart.add(e.get().record());
        }
      }
    }
    assertThat(all).extracting(ChangeRecord::hostId).containsOnly("it-host");
    assertThat(all).extracting(ChangeRecord::path).contains("a.txt", "b.txt");
    assertThat(afterRestart)
        .as("records after the restart: %s", afterRestart)
        .anySatisfy(
            rec -> {
              assertThat(rec.path()).isEqualTo("b.txt");
              assertThat(rec.kind()).isEqualTo(ChangeKind.MODIFIED);
              assertThat(rec.size()).isEqualTo(Files.size(b));
            })
        .noneSatisfy(rec -> assertThat(rec.path()).isEqualTo("a.txt"));
    assertThat(Files.readString(a)).isEqualTo("alpha");
  }

  @Test
  void aBadConfigurationIsOneLineNamingFileLineAndColumn() throws Exception {
    Files.createDirectories(base.resolve("policies"));
    Path config =
        Files.writeString(
            base.resolve("agent.yaml"),
            "data: data\npolicies: policies\njournal:\n  durability: fsync\n");

    for (String[] args :
        List.of(
            new String[] {"agent", "--config", config.toString()},
            new String[] {"agent", "status", "--config", config.toString()})) {
      Ferry.Result r = Ferry.run(args);
      assertThat(r.exit()).as(r.toString()).isEqualTo(2);
      assertThat(r.err().strip().lines().count()).as(r.toString()).isEqualTo(1);
      assertThat(r.err())
          .as(r.toString())
          .startsWith("ferry: " + config + ":4:15: field 'journal.durability': 'fsync' is not");
    }
    assertThat(base.resolve("data")).doesNotExist();
  }

  private String awaitStatus(Path config, java.util.function.Predicate<String> done)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    Ferry.Result last = null;
    while (System.nanoTime() < deadline) {
      assertThat(agent.isAlive()).as("agent exited: %s", last).isTrue();
      last = Ferry.run("agent", "status", "--config", config.toString());
      if (last.exit() == 0 && done.test(last.out())) {
        return last.out();
      }
      Thread.sleep(500);
    }
    throw new AssertionError("status never got there; last: " + last);
  }

  private void sigterm(Path log) throws Exception {
    agent.destroy(); // SIGTERM
    assertThat(agent.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s").isTrue();
    assertThat(agent.exitValue()).as(Files.readString(log)).isEqualTo(143);
    assertThat(Files.readString(log)).contains("agent stopped");
  }

  private static long lastIndex(Path data) {
    try (BackupCache cache = BackupCache.open(data.resolve("journal"))) {
      return cache.lastIndex();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static long number(Pattern p, String status) {
    Matcher m = p.matcher(status);
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }
}
