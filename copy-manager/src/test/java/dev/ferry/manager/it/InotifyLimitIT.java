package dev.ferry.manager.it;

import static dev.ferry.monitor.journal.ChangeKind.CREATED;
import static dev.ferry.monitor.journal.ChangeKind.MODIFIED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.ferry.manager.agent.AgentStatus;
import dev.ferry.monitor.journal.ChangeRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The agent when inotify watches run out, as a real process: in a user namespace of its own whose
 * {@code max_inotify_watches} is 30 (the limit is per user namespace since Linux 5.11), with a root
 * holding more than 30 folders. The status names the root and the setting to raise, {@code ferry
 * agent status} fails, and saves in folders it could not watch are still recorded, by the root's
 * rescan every {@code scan.poll-every}.
 */
class InotifyLimitIT extends AgentScenario {
  private static final Duration POLL = Duration.ofSeconds(2);

  /** A chain of 40 folders: the deepest ones are never watched, whatever the walk order. */
  private static final String CHAIN =
      String.join(
          "/", java.util.stream.IntStream.rangeClosed(1, 40).mapToObj(i -> "l" + i).toList());

  @Override
  List<String> wrapper() {
    return List.of(
        "unshare",
        "--user",
        "--map-root-user",
        "sh",
        "-ec",
        "echo 30 > /proc/sys/user/max_inotify_watches; exec \"$@\"",
        "sh");
  }

  @Override
  String agentYaml() {
    return "scan:\n  poll-every: " + POLL.toSeconds() + "s\n";
  }

  @Override
  void beforeStart() throws Exception {
    Files.createDirectories(home.resolve("deep").resolve(CHAIN));
  }

  @Test
  void theStatusNamesTheRootAndTheLimitToRaiseAndAgentStatusFails() throws Exception {
    AgentStatus s = agent.awaitStatus(x -> !x.problems().isEmpty(), Duration.ofSeconds(30));
    assertThat(s.problems())
        .singleElement()
        .asString()
        .contains("cannot watch " + home)
        .contains("fs.inotify.max_user_watches");

    Ferry.Result status = Ferry.run("agent", "status", "--config", agent.config.toString());
    assertThat(status.exit()).as(status.toString()).isEqualTo(1);
    assertThat(status.err())
        .as(status.toString())
        .contains("agent unhealthy: cannot watch " + home)
        .contains("fs.inotify.max_user_watches");
  }

  @Test
  void aSaveDeepInAnUnwatchedFolderIsRecordedByThePollingRescan() throws Exception {
    Path deep = home.resolve("deep").resolve(CHAIN);
    String rel = "deep/" + CHAIN + "/";
    long mark = agent.lastIndex();

    Files.writeString(deep.resolve("notes.txt"), "written where no watch reaches\n");
    awaitRecordOf(mark, rel + "notes.txt", 1);
    Files.writeString(deep.resolve("notes.txt"), "and changed\n");
    awaitRecordOf(mark, rel + "notes.txt", 2);
    // A last file found by a later rescan than both records: no third record came meanwhile.
    Files.writeString(deep.resolve("last.txt"), "x");
    awaitRecordOf(mark, rel + "last.txt", 1);

    List<ChangeRecord> rs =
        agent.recordsAfter(mark).stream().filter(r -> r.path().startsWith("deep/")).toList();
    assertThat(rs)
        .extracting(ChangeRecord::path, ChangeRecord::kind, ChangeRecord::size)
        .containsExactly(
            tuple(rel + "notes.txt", CREATED, (long) "written where no watch reaches\n".length()),
            tuple(rel + "notes.txt", MODIFIED, (long) "and changed\n".length()),
            tuple(rel + "last.txt", CREATED, 1L));
    assertThat(rs).allSatisfy(r -> assertThat(r.blocks().size()).isEqualTo(r.size()));
  }

  /** Waits, a few poll intervals at most, until {@code path} has {@code count} records. */
  private void awaitRecordOf(long mark, String path, int count) throws Exception {
    long deadline = System.nanoTime() + POLL.multipliedBy(5).toNanos();
    while (System.nanoTime() < deadline) {
      if (agent.recordsAfter(mark).stream().filter(r -> r.path().equals(path)).count() >= count) {
        return;
      }
      assertThat(agent.process().isAlive()).as("agent running").isTrue();
      Thread.sleep(50);
    }
    throw new AssertionError(
        "no record "
            + count
            + " of "
            + path
            + " within 5 poll intervals; records: "
            + agent.recordsAfter(mark)
            + "; log:\n"
            + Files.readString(agent.log()));
  }
}
