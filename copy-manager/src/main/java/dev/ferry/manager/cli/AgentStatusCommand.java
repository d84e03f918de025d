package dev.ferry.manager.cli;

import dev.ferry.manager.agent.AgentStatus;
import dev.ferry.manager.standalone.DataDirLock;
import dev.ferry.monitor.config.AgentConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ferry agent status --config FILE}: whether the agent of that configuration's data folder
 * runs (it holds the folder's lock) and what its status file says. Exit 0 and the status on stdout
 * when it runs and is healthy; otherwise exit 1 and one line on stderr (the status, if the agent
 * runs, still on stdout).
 */
@Command(
    name = "status",
    description = "Show whether the agent runs, its journal's last and durable index.")
final class AgentStatusCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @ParentCommand AgentCommand parent;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "the agent configuration file (src-docs/agent-config.md)")
  Path config;

  @Override
  public Integer call() throws IOException {
    AgentConfig cfg = AgentCommand.load(spec, config != null ? config : parent.config);
    boolean running = DataDirLock.isHeld(cfg.data());
    AgentStatus s = readQuietly(cfg.statusFile());
    if (!running) {
      String last =
          s == null
              ? ""
              : " (last status "
                  + s.updatedAt()
                  + ": journal last index "
                  + s.lastIndex()
                  + ", durable index "
                  + s.durableIndex()
                  + ")";
      return fail("agent for data folder " + cfg.data() + " is not running" + last);
    }
    if (s == null || !"running".equals(s.state())) {
      return fail("agent for data folder " + cfg.data() + " is starting: no status yet");
    }
    System.out.printf("agent:          running (pid %d, host %s)%n", s.pid(), s.hostId());
    System.out.printf("data:           %s%n", cfg.data());
    System.out.printf("updated:        %s%n", s.updatedAt());
    System.out.printf("journal:        %s%n", s.durability());
    System.out.printf("last index:     %d%n", s.lastIndex());
    System.out.printf("durable index:  %d%n", s.durableIndex());
    System.out.printf("acknowledged:   %d%n", s.acknowledgedIndex());
    System.out.printf(
        "journal files:  %d (%d MiB free on its disk)%n",
        s.journalFiles(), s.journalFreeBytes() / (1024 * 1024));
    System.out.printf("records:        %d since start%n", s.recordsAppended());
    System.out.printf("pending saves:  %d%n", s.pendingSaves());
    if (s.unrecordedSaves() > 0) {
      System.out.printf("not recorded:   %d (journal disk full)%n", s.unrecordedSaves());
    }
    System.out.printf(
        "checkpoint:     %s%n", s.lastCheckpoint() == null ? "none yet" : s.lastCheckpoint());
    System.out.printf("reconciled:     %s%n", s.lastRescan() == null ? "not yet" : s.lastRescan());
    for (String w : s.warnings()) {
      System.out.printf("warning:        %s%n", w);
    }
    System.out.printf(
        "policies:       %s%n", s.policies().isEmpty() ? "none" : String.join(", ", s.policies()));
    Duration age = Duration.between(s.updatedAt(), Instant.now());
    if (age.compareTo(AgentStatus.STALE) > 0) {
      return fail(
          "agent for data folder "
              + cfg.data()
              + " holds its lock but has not updated its status for "
              + age.toSeconds()
              + "s");
    }
    if (!s.problems().isEmpty()) {
      String more = s.problems().size() > 1 ? " (and " + (s.problems().size() - 1) + " more)" : "";
      return fail("agent unhealthy: " + s.problems().get(0) + more);
    }
    return 0;
  }

  private static AgentStatus readQuietly(Path file) {
    try {
      return AgentStatus.read(file);
    } catch (IOException e) {
      return null; // half-written by an old version or damaged: treated as absent
    }
  }

  private int fail(String line) {
    System.out.flush();
    spec.commandLine().getErr().println("ferry: " + line.replace('\n', ' '));
    return FerryCli.FAILED;
  }
}
