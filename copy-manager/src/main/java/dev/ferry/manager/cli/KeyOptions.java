package dev.ferry.manager.cli;

import dev.ferry.manager.config.TargetKeySource;
import dev.ferry.target.TargetCredential;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --key-file FILE} or {@code --passphrase-file FILE} (else {@code FERRY_PASSPHRASE}): what
 * unlocks an encrypted target, or creates a new target encrypted.
 */
final class KeyOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = "--key-file",
      paramLabel = "FILE",
      description = "key file of an encrypted target (see ferry key generate)")
  Path keyFile;

  @Option(
      names = "--passphrase-file",
      paramLabel = "FILE",
      description =
          "file holding the passphrase of an encrypted target (one trailing newline ignored);"
              + " else the FERRY_PASSPHRASE environment variable")
  Path passphraseFile;

  /** The credential given, if any; empty: the target is (or is created) unencrypted. */
  Optional<TargetCredential> credential() throws IOException {
    try {
      return TargetKeySource.resolve(
          Optional.ofNullable(keyFile), Optional.ofNullable(passphraseFile), System.getenv());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}
