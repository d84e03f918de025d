package dev.ferry.manager.cli;

import dev.ferry.target.DiffSummary;
import dev.ferry.target.DiskTarget;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code ferry diff SNAP1 SNAP2}: the paths that differ between two snapshots, read from the target
 * alone, one line each in path order ({@code + - M T U}), then a summary line. Exit 0 whether or
 * not anything differs.
 */
@Command(
    name = "diff",
    description = {
      "List the paths that differ from snapshot SNAP1 to SNAP2, in path order:",
      "+ added, - removed, M content changed (a file's bytes, a link's text),",
      "T type changed (file <-> link), U metadata only (mode or mtime)."
    })
final class DiffCommand implements Callable<Integer> {
  @Mixin TargetOption target;

  @Parameters(index = "0", paramLabel = "SNAP1", description = "the older snapshot id")
  long older;

  @Parameters(index = "1", paramLabel = "SNAP2", description = "the newer snapshot id")
  long newer;

  @Override
  public Integer call() throws Exception {
    try (DiskTarget t = target.open()) {
      DiffSummary s =
          t.diff(
              older,
              newer,
              c -> System.out.println(c.change().letter() + " " + PrintablePath.of(c.path())));
      System.out.println("snapshot " + older + " -> " + newer + ": " + s);
      return 0;
    }
  }
}
