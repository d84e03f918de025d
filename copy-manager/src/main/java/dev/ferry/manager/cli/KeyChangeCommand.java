package dev.ferry.manager.cli;

import dev.ferry.manager.config.TargetKeySource;
import dev.ferry.target.DiskTarget;
import dev.ferry.target.TargetCredential;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ferry key change --target DIR (old key) --new-key-file F | --new-passphrase-file F}: wraps
 * the target's master key under a new key file or passphrase; no data is rewritten, and afterwards
 * the old one no longer opens the target (copies of the old {@code ferry-target} file still do).
 */
@Command(
    name = "change",
    description =
        "Change the key file or passphrase of an encrypted target (data is not rewritten).")
final class KeyChangeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin TargetOption target;

  @Option(names = "--new-key-file", paramLabel = "FILE", description = "the new key file")
  Path newKeyFile;

  @Option(
      names = "--new-passphrase-file",
      paramLabel = "FILE",
      description = "file holding the new passphrase")
  Path newPassphraseFile;

  @Override
  public Integer call() throws Exception {
    if (newKeyFile == null && newPassphraseFile == null) {
      throw new ParameterException(
          spec.commandLine(), "give --new-key-file or --new-passphrase-file");
    }
    Optional<TargetCredential> next;
    try {
      // No environment fallback: the new secret is never taken from where the old one may be.
      next =
          TargetKeySource.resolve(
              Optional.ofNullable(newKeyFile), Optional.ofNullable(newPassphraseFile), Map.of());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(
          spec.commandLine(),
          e.getMessage()
              .replace("--key-file", "--new-key-file")
              .replace("--passphrase-file", "--new-passphrase-file"));
    }
    try (DiskTarget t = target.open()) {
      t.changeKey(next.orElseThrow());
      System.out.println(
          "target "
              + t.dir()
              + " now opens with "
              + next.get().description()
              + " only; data was not rewritten");
    }
    return 0;
  }
}
