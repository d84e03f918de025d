package dev.ferry.manager.cli;

import dev.ferry.manager.config.TargetLocation;
import dev.ferry.target.Compression;
import dev.ferry.target.DiskTarget;
import dev.ferry.target.TargetCredential;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code --target DIR} and its key options: an existing target, opened for reading. */
final class TargetOption {
  @Option(
      names = "--target",
      required = true,
      paramLabel = "DIR",
      description = "storage target (folder or file:DIR)")
  String target;

  @Mixin KeyOptions key;

  DiskTarget open() throws IOException {
    Path dir = TargetLocation.diskFolder(target);
    Optional<TargetCredential> credential = key.credential();
    return credential.isPresent()
        ? DiskTarget.open(dir, Compression.DEFAULT, credential.get())
        : DiskTarget.open(dir);
  }
}
