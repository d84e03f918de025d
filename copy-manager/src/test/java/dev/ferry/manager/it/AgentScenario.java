package dev.ferry.manager.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.monitor.journal.ChangeKind;
import dev.ferry.monitor.journal.ChangeRecord;
import dev.ferry.monitor.journal.FileType;
import dev.ferry.monitor.journal.JournalEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * One agent ({@code ferry agent}) for a whole scenario class, watching {@link #home}; each test
 * works in its own {@link Folder} and sees only the records of that folder.
 *
 * <p>How a test knows the agent has recorded everything it will: {@link Folder#look} saves a
 * sentinel file in place (so it waits the settle time, like any in-place save) in {@code _looks/},
 * and waits for its record. Every event that reached the agent before the sentinel's was handled
 * first and waits no longer than the sentinel's settle, so its record is in by then; a short quiet
 * after it covers two folders' events delivered out of order. No fixed sleep assumes a speed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AgentScenario {
  /** The settle time of the policy; the sentinel waits it too. */
  static final Duration SETTLE = Duration.ofMillis(500);

  /** No record for this long after the sentinel's: the agent is done with the scenario. */
  private static final Duration QUIET_AFTER_SENTINEL = Duration.ofMillis(200);

  static final Duration TIMEOUT = Duration.ofMinutes(2);

  @TempDir static Path base;
  Path home;
  AgentProcess agent;
  private Path looks;
  private int sentinels;

  /** The highest journal index any look has read. */
  private long seen = -1;

  /** Policy lines after {@code roots}: {@code settle}, {@code exclude}... */
  String policy() {
    return "settle: " + SETTLE.toMillis() + "ms";
  }

  /** Extra lines of the agent configuration. */
  String agentYaml() {
    return "";
  }

  /** The command the agent runs under; none by default. */
  List<String> wrapper() {
    return List.of();
  }

  /** Runs before the agent starts, with {@link #home} made (permissions for another user). */
  void beforeStart() throws Exception {}

  @BeforeAll
  void startAgent() throws Exception {
    home = Files.createDirectories(base.resolve("home"));
    looks = Files.createDirectories(home.resolve("_looks"));
    agent = new AgentProcess(base, "roots: [" + home + "]\n" + policy(), agentYaml(), wrapper());
    beforeStart();
    agent.start();
    sentinel(); // the initial scan is done
  }

  @AfterAll
  void stopAgent() throws Exception {
    if (agent != null) {
      agent.close();
    }
  }

  /** A new, empty folder of the test's under {@link #home}. */
  Folder folder(String name) throws IOException {
    return new Folder(name, Files.createDirectories(home.resolve(name)), seen);
  }

  /** Saves a sentinel and waits for its record, then for a quiet spell. */
  private void sentinel() throws Exception {
    String name = "look-" + ++sentinels + ".txt";
    Files.writeString(looks.resolve(name), name);
    String path = home.relativize(looks.resolve(name)).toString();
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    boolean found = false;
    long lastGrowth = System.nanoTime();
    while (System.nanoTime() < deadline) {
      List<JournalEntry> more = agent.entriesAfter(seen);
      if (!more.isEmpty()) {
        seen = last(more);
        lastGrowth = System.nanoTime();
        found |= more.stream().anyMatch(e -> e.record().path().equals(path));
      }
      if (found && System.nanoTime() - lastGrowth >= QUIET_AFTER_SENTINEL.toNanos()) {
        return;
      }
      if (!agent.process().isAlive()) {
        throw new AssertionError("agent exited; log:\n" + Files.readString(agent.log()));
      }
      Thread.sleep(20);
    }
    throw new AssertionError(
        "no record of sentinel "
            + path
            + " within "
            + TIMEOUT
            + "; log:\n"
            + Files.readString(agent.log()));
  }

  private static long last(List<JournalEntry> entries) {
    return entries.get(entries.size() - 1).index();
  }

  /** A test's folder: runs programs in it and reads the records of its files. */
  final class Folder {
    final String name;
    final Path dir;
    private long mark;

    private Folder(String name, Path dir, long mark) {
      this.name = name;
      this.dir = dir;
      this.mark = mark;
    }

    Path file(String relative) {
      return dir.resolve(relative);
    }

    /** The path a record gives a file of this folder: relative to the root. */
    String path(String relative) {
      return name + "/" + relative;
    }

    /** A record's path relative to this folder. */
    String relative(ChangeRecord r) {
      assertThat(r.path()).startsWith(name + "/");
      return r.path().substring(name.length() + 1);
    }

    /** Asserts that {@code r} describes the regular file {@code relative} as it is now. */
    void assertFile(ChangeRecord r, String relative, ChangeKind kind) throws IOException {
      Path f = file(relative);
      assertThat(r.kind()).as("kind of %s", r).isEqualTo(kind);
      assertThat(r.path()).isEqualTo(path(relative));
      assertThat(r.root()).isEqualTo(home.toString());
      assertThat(r.type()).isEqualTo(FileType.REGULAR);
      assertThat(r.size()).as("size of %s", r.path()).isEqualTo(Files.size(f));
      assertThat(r.blocks().size()).as("block map of %s", r.path()).isEqualTo(r.size());
      assertThat(r.inode()).isEqualTo(Files.getAttribute(f, "unix:ino"));
      assertThat(r.mtimeNanos()).isEqualTo(Files.getLastModifiedTime(f).to(TimeUnit.NANOSECONDS));
    }

    /**
     * Asserts that {@code r} describes the symbolic link {@code relative} pointing at {@code to}.
     */
    void assertLink(ChangeRecord r, String relative, ChangeKind kind, String to)
        throws IOException {
      Path l = file(relative);
      assertThat(r.kind()).as("kind of %s", r).isEqualTo(kind);
      assertThat(r.path()).isEqualTo(path(relative));
      assertThat(r.type()).isEqualTo(FileType.SYMLINK);
      assertThat(Files.readSymbolicLink(l)).hasToString(to);
      assertThat(r.linkTarget()).isEqualTo(to);
      assertThat(r.size()).isEqualTo(to.getBytes(StandardCharsets.UTF_8).length);
      assertThat(r.blocks().blocks()).isEmpty();
      assertThat(r.inode()).isEqualTo(Files.getAttribute(l, "unix:ino", LinkOption.NOFOLLOW_LINKS));
    }

    /** Runs {@code script} with {@code sh -e} in this folder; it must succeed. */
    void sh(String script) throws Exception {
      Path out = base.resolve("sh-" + name + ".out");
      Process p =
          new ProcessBuilder("sh", "-ec", script)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .start();
      if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("sh -c " + script + " did not finish within " + TIMEOUT);
      }
      assertThat(p.exitValue()).as("sh -c %s: %s", script, Files.readString(out)).isZero();
    }

    /** The one record of this folder's files since the last look; fails if there are more. */
    ChangeRecord lookOne() throws Exception {
      List<ChangeRecord> rs = look();
      assertThat(rs).as("records of %s", name).hasSize(1);
      return rs.get(0);
    }

    /** The records of this folder's files since the last look, once the agent is done. */
    List<ChangeRecord> look() throws Exception {
      sentinel();
      String prefix = name + "/";
      List<ChangeRecord> out = new ArrayList<>();
      for (JournalEntry e : agent.entriesAfter(mark)) {
        mark = e.index();
        if (e.record().path().startsWith(prefix)) {
          out.add(e.record());
        }
      }
      return out;
    }
  }
}
