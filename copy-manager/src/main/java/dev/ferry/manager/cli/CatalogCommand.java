package dev.ferry.manager.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ferry catalog …}: maintenance of the copy manager's catalog. */
@Command(
    name = "catalog",
    description = "Maintain the catalog: rebuild it from the target.",
    subcommands = CatalogRebuildCommand.class)
final class CatalogCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "a catalog command is required (ferry catalog rebuild)");
  }
}
