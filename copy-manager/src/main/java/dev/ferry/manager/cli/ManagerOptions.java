package dev.ferry.manager.cli;

import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** {@code --data DIR | --url URL}: which running manager a client command talks to. */
final class ManagerOptions {
  @ArgGroup(exclusive = true, multiplicity = "1")
  Where where;

  static final class Where {
    @Option(
        names = "--data",
        paramLabel = "DIR",
        description = "data folder of a running standalone Ferry")
    Path data;

    @Option(names = "--url", paramLabel = "URL", description = "URL of a running manager")
    String url;
  }

  ManagerClient client() throws java.io.IOException {
    return ManagerClient.of(where.data, where.url);
  }
}
