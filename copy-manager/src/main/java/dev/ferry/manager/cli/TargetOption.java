package dev.ferry.manager.cli;

import dev.ferry.manager.config.TargetLocation;
import dev.ferry.target.DiskTarget;
import java.io.IOException;
import picocli.CommandLine.Option;

/** {@code --target DIR}: an existing target, opened for reading. */
final class TargetOption {
  @Option(
      names = "--target",
      required = true,
      paramLabel = "DIR",
      description = "storage target (folder or file:DIR)")
  String target;

  DiskTarget open() throws IOException {
    return DiskTarget.open(TargetLocation.diskFolder(target));
  }
}
