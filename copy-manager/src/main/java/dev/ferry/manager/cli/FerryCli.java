package dev.ferry.manager.cli;

import dev.ferry.manager.Errors;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code ferry} command and its error contract. */
@Command(
    name = "ferry",
    mixinStandardHelpOptions = true,
    version = "ferry 0.1.0",
    description = "Continuous file-change copies: watch, hold, drain, restore.",
    subcommands = {
      StandaloneCommand.class,
      AgentCommand.class,
      StatusCommand.class,
      DrainCommand.class,
      SnapshotsCommand.class,
      RestoreCommand.class,
      VerifyCommand.class,
      ForgetCommand.class,
      PruneCommand.class,
      DiffCommand.class,
      KeyCommand.class,
      CatalogCommand.class
    })
public final class FerryCli implements Runnable {
  static final int FAILED = 1;
  static final int USAGE = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "a command is required (see ferry --help)");
  }

  public static int run(String... args) {
    CommandLine cli = new CommandLine(new FerryCli());
    cli.setParameterExceptionHandler(
        (ex, a) -> {
          ex.getCommandLine().getErr().println("ferry: " + ex.getMessage());
          return USAGE;
        });
    cli.setExecutionExceptionHandler(
        (ex, cmd, parsed) -> {
          PrintWriter err = cmd.getErr();
          err.println("ferry: " + Errors.oneLine(ex));
          return FAILED;
        });
    return cli.execute(args);
  }
}
