package dev.ferry.manager.it;

import dev.ferry.manager.agent.AgentStatus;
import dev.ferry.monitor.journal.ChangeRecord;
import dev.ferry.monitor.journal.CorruptRecordException;
import dev.ferry.monitor.journal.JournalEntry;
import dev.ferry.monitor.journal.JournalReader;
import dev.ferry.monitor.journal.JournalView;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * {@code ferry agent --config FILE} as a real process for scenario tests: writes an agent
 * configuration and one policy for the given roots, starts and stops the agent (SIGTERM or kill
 * -9), and reads its journal and status file from outside while it runs, as a status command or a
 * copy manager would. Not thread-safe.
 */
final class AgentProcess implements AutoCloseable {
  final Path base;
  final Path data;
  final Path policies;
  final Path config;
  private final List<String> wrapper;
  private Process process;
  private int starts;

  /**
   * @param base a folder of the test's; config, policies, data and logs go under it
   * @param policyYaml the body of the one policy file ({@code roots: [...]} and so on; {@code
   *     targets} is added)
   * @param agentYaml extra lines of the agent configuration (journal, scan sections), may be empty
   * @param wrapper a command the agent runs under ({@code unshare ...}, {@code runuser ...}), may
   *     be empty
   */
  AgentProcess(Path base, String policyYaml, String agentYaml, List<String> wrapper)
      throws IOException {
    this.base = base;
    this.data = base.resolve("data");
    this.policies = Files.createDirectories(base.resolve("config/policies"));
    this.wrapper = List.copyOf(wrapper);
    Files.writeString(policies.resolve("test.yaml"), policyYaml + "\ntargets: [test]\n");
    this.config =
        Files.writeString(
            base.resolve("config/agent.yaml"),
            "host-id: it-host\ndata: " + data + "\npolicies: " + policies + "\n" + agentYaml);
  }

  /** Starts the agent and waits until it writes its first status. */
  AgentProcess start() throws Exception {
    launch();
    awaitStatus(s -> "running".equals(s.state()) && isOurs(s.pid()), Duration.ofSeconds(60));
    return this;
  }

  /** Starts the agent without waiting for it (to kill it while it is starting). */
  AgentProcess launch() throws IOException {
    starts++;
    process = Ferry.startWrapped(wrapper, log(), "agent", "--config", config.toString());
    return this;
  }

  /** The agent's pid is the process's, or a child's: {@code runuser} forks, {@code unshare} not. */
  private boolean isOurs(long pid) {
    return pid == process.pid() || process.descendants().anyMatch(h -> h.pid() == pid);
  }

  /** The log of the current (or last) run. */
  Path log() {
    return log(starts);
  }

  /** The log of run number {@code run} (1 for the first start). */
  Path log(int run) {
    return base.resolve("agent-" + run + ".log");
  }

  /** How many times the agent was started. */
  int starts() {
    return starts;
  }

  Process process() {
    return process;
  }

  /** SIGTERM, and waits for the clean exit (143). */
  void sigterm() throws Exception {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      throw new AssertionError("agent did not stop within 60 s; log:\n" + Files.readString(log()));
    }
    if (process.exitValue() != 143) {
      throw new AssertionError(
          "agent exited " + process.exitValue() + "; log:\n" + Files.readString(log()));
    }
  }

  /** kill -9 of the agent (its whole process tree: the launcher and the JVM). */
  void kill9() throws Exception {
    ProcessHandle h = process.toHandle();
    h.descendants().forEach(ProcessHandle::destroyForcibly);
    h.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** The status file as the agent last wrote it; null before the first. */
  AgentStatus status() throws IOException {
    try {
      return AgentStatus.read(data.resolve("agent-status.json"));
    } catch (IOException e) {
      return null; // being replaced at this instant, or not there yet
    }
  }

  /** Waits until the status satisfies {@code done}; fails if the agent exits. */
  AgentStatus awaitStatus(Predicate<AgentStatus> done, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    AgentStatus last = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError(
            "agent exited " + process.exitValue() + "; log:\n" + Files.readString(log()));
      }
      last = status();
      if (last != null && done.test(last)) {
        return last;
      }
      Thread.sleep(50);
    }
    throw new AssertionError(
        "status never got there; last: " + last + "; log:\n" + Files.readString(log()));
  }

  /** Every record in the journal, in order (read-only, while the agent may be appending). */
  List<JournalEntry> entries() throws IOException {
    return entriesAfter(-1);
  }

  /** The entries with an index above {@code afterIndex} ({@code <= 0}: all), in order. */
  List<JournalEntry> entriesAfter(long afterIndex) throws IOException {
    List<JournalEntry> out = new ArrayList<>();
    if (!Files.isDirectory(data.resolve("journal"))) {
      return out;
    }
    try (JournalView view = JournalView.open(data.resolve("journal"));
        JournalReader r = view.readFrom(afterIndex)) {
      while (true) {
        Optional<JournalEntry> e;
        try {
          e = r.next();
        } catch (CorruptRecordException damaged) {
          throw new AssertionError("damaged journal record", damaged);
        }
        if (e.isEmpty()) {
          return out;
        }
        out.add(e.get());
      }
    }
  }

  /** The records with an index above {@code afterIndex}. */
  List<ChangeRecord> recordsAfter(long afterIndex) throws IOException {
    return entriesAfter(afterIndex).stream().map(JournalEntry::record).toList();
  }

  /** The journal's last index, -1 if empty. */
  long lastIndex() throws IOException {
    if (!Files.isDirectory(data.resolve("journal"))) {
      return -1;
    }
    try (JournalView view = JournalView.open(data.resolve("journal"))) {
      return view.lastIndex();
    }
  }

  /**
   * Waits until nothing is settling and no record has been appended for {@code quiet}: the agent
   * has recorded everything it will.
   */
  void awaitQuiet(Duration quiet, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    long last = Long.MIN_VALUE;
    long since = System.nanoTime();
    while (System.nanoTime() < deadline) {
      AgentStatus s = status();
      long now = lastIndex();
      if (now != last || s == null || s.pendingSaves() > 0) {
        last = now;
        since = System.nanoTime();
      } else if (System.nanoTime() - since >= quiet.toNanos()) {
        return;
      }
      if (!process.isAlive()) {
        throw new AssertionError("agent exited; log:\n" + Files.readString(log()));
      }
      Thread.sleep(50);
    }
    throw new AssertionError("agent never went quiet; log:\n" + Files.readString(log()));
  }

  @Override
  public void close() throws Exception {
    if (process != null && process.isAlive()) {
      kill9();
    }
  }
}
