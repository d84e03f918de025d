package dev.ferry.manager.cli;

import dev.ferry.manager.Errors;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code ferry} command and its error contract. */
@Command(
    name = "ferry",
    mixinStandardHelpOptions = true,
    version = "ferry 0.1.0",
    description = "Continuous file-change copies: watch, hold, drain, restore.")
public final class FerryCli implements Runnable {
  static final int FAILED = 1;
  static final int USAGE = 2;

  /**
   * Every subcommand, in the order help lists them. Added by {@link #commandLine}, not by the
   * {@code @Command} annotation: picocli builds the model of every command it is given, by
   * reflection, before it parses anything, and the whole tree was 150 ms of a client command's ~250
   * ms start (-Xlog:class+load, 2026-12-03).
   */
  static final List<Class<?>> COMMANDS =
      List.of(
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
          CatalogCommand.class);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "a command is required (see ferry --help)");
  }

  /**
   * The command line for {@code args}: with only the subcommand {@code args[0]} names, when it
   * names one, else with all of them (top-level help, a mistyped command), so what a person sees is
   * the same either way.
   */
  static CommandLine commandLine(String... args) {
    CommandLine cli = new CommandLine(new FerryCli());
    Class<?> named = null;
    for (Class<?> c : COMMANDS) {
      if (args.length > 0 && c.getAnnotation(Command.class).name().equals(args[0])) {
        named = c;
      }
    }
    for (Class<?> c : COMMANDS) {
      if (named == null || c == named) {
        cli.addSubcommand(c);
      }
    }
    return cli;
  }

  public static int run(String... args) {
    CommandLine cli = commandLine(args);
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
