package dev.ferry.manager.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ferry key}: key files and the key of an encrypted target. */
@Command(
    name = "key",
    description = "Make a key file, or change what unlocks an encrypted target.",
    subcommands = {KeyGenerateCommand.class, KeyChangeCommand.class})
final class KeyCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a subcommand is required: generate, change");
  }
}
