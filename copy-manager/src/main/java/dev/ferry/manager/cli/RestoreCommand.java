package dev.ferry.manager.cli;

import dev.ferry.target.DiskTarget;
import dev.ferry.target.RestoreResult;
import dev.ferry.target.SnapshotInfo;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ferry restore}: files of a snapshot back into a folder, from the target alone. */
@Command(name = "restore", description = "Restore files of a snapshot into a folder.")
final class RestoreCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin TargetOption target;

  @Option(
      names = "--snapshot",
      defaultValue = "latest",
      paramLabel = "ID|latest",
      description = "which snapshot (default ${DEFAULT-VALUE})")
  String snapshot;

  @Option(
      names = "--path",
      paramLabel = "GLOB",
      description = "only paths matching this glob, or below a matching folder")
  String glob;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "DIR",
      description = "folder to restore into")
  Path to;

  @Override
  public Integer call() throws Exception {
    try (DiskTarget t = target.open()) {
      long id = snapshotId(t);
      RestoreResult r = t.restore(id, glob, to);
      System.out.printf(
          "restored %d files (%d bytes)%s from snapshot %d to %s%n",
          r.filesRestored(),
          r.bytesRestored(),
          r.linksRestored() == 0 ? "" : " and " + r.linksRestored() + " links",
          id,
          to);
      for (String f : r.failures()) {
        System.err.println("ferry: not restored: " + f);
      }
      return r.failures().isEmpty() ? 0 : FerryCli.FAILED;
    }
  }

  private long snapshotId(DiskTarget t) throws Exception {
    if ("latest".equals(snapshot)) {
      return t.latest()
          .map(SnapshotInfo::id)
          .orElseThrow(
              () ->
                  new ParameterException(
                      spec.commandLine(), "--target " + target.target + " holds no snapshot yet"));
    }
    try {
      return Long.parseLong(snapshot);
    } catch (NumberFormatException e) {
      throw new ParameterException(
          spec.commandLine(),
          "--snapshot " + snapshot + ": not a snapshot id (a number or latest)");
    }
  }
}
