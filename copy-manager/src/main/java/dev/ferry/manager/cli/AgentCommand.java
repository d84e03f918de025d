package dev.ferry.manager.cli;

import dev.ferry.manager.agent.WorkstationAgent;
import dev.ferry.manager.standalone.DataDirLock;
import dev.ferry.monitor.config.AgentConfig;
import dev.ferry.monitor.config.AgentConfigException;
import dev.ferry.monitor.config.AgentConfigParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ferry agent --config FILE}: the workstation agent, without Quarkus. Runs until SIGTERM or
 * SIGINT; then the shutdown hook stops the monitor, closes the journal and releases the data
 * folder's lock. Logs to stderr. {@code ferry agent status --config FILE} ({@link
 * AgentStatusCommand}) tells whether it runs and how far its journal got.
 */
@Command(
    name = "agent",
    description = "Run the workstation agent: watch the policies' roots into the journal.",
    subcommands = AgentStatusCommand.class)
final class AgentCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "the agent configuration file (src-docs/agent-config.md)")
  Path config;

  @Override
  public Integer call() throws Exception {
    AgentConfig cfg = load(spec, config);
    if (!Files.isDirectory(cfg.policies())) {
      throw new ParameterException(
          spec.commandLine(),
          cfg.file() + ": policies folder " + cfg.policies() + " does not exist");
    }
    StderrLog.install();
    DataDirLock lock;
    try {
      lock = DataDirLock.acquire(cfg.data());
    } catch (IOException e) {
      throw new IOException("another Ferry is already running with data folder " + cfg.data(), e);
    }
    WorkstationAgent agent;
    try {
      agent = WorkstationAgent.start(cfg, System.err);
    } catch (IOException | RuntimeException e) {
      lock.close();
      throw e;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    agent.close(); // monitor first, then the journal
                    lock.close();
                  } catch (IOException | RuntimeException e) {
                    System.err.println("ferry agent: stopping: " + e);
                  } finally {
                    stopped.countDown();
                  }
                },
                "ferry-agent-shutdown"));
    stopped.await(); // the JVM halts once the hook is done
    return 0;
  }

  /** Reads the configuration; a missing or invalid file is a usage error (exit 2), one line. */
  static AgentConfig load(CommandSpec spec, Path file) {
    if (file == null) {
      throw new ParameterException(spec.commandLine(), "--config FILE is required");
    }
    try {
      return AgentConfigParser.parse(file);
    } catch (AgentConfigException e) {
      throw new ParameterException(spec.commandLine(), AgentConfigParser.oneLine(e));
    } catch (NoSuchFileException e) {
      throw new ParameterException(spec.commandLine(), "--config " + file + ": no such file");
    } catch (IOException e) {
      throw new ParameterException(
          spec.commandLine(), "--config " + file + ": cannot read: " + e.getMessage());
    }
  }
}
