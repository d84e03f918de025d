package dev.ferry.manager.cli;

import dev.ferry.target.AffectedEntry;
import dev.ferry.target.Damage;
import dev.ferry.target.DataSubset;
import dev.ferry.target.DiskTarget;
import dev.ferry.target.VerifyReport;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ferry verify}: check a target. The report goes to stdout: each damage with every snapshot
 * entry it breaks; on damage, one line on stderr and exit 1.
 */
@Command(
    name = "verify",
    description = "Check a target's structure, and with --read-data every chunk.")
final class VerifyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin TargetOption target;

  @Option(names = "--read-data", description = "re-read and re-hash every chunk")
  boolean readData;

  @Option(
      names = "--read-data-subset",
      paramLabel = "P%|n/m",
      description =
          "re-read only some containers: P% chosen at random, or group n of m by container id")
  String subset;

  @Override
  public Integer call() throws Exception {
    DataSubset data = dataSubset();
    try (DiskTarget t = target.open()) {
      VerifyReport r = t.verify(data);
      System.out.printf(
          "checked %d containers, %d chunks, %d snapshots; %s%n",
          r.containersChecked(), r.chunksChecked(), r.snapshotsChecked(), dataLine(r));
      for (Damage d : r.damages()) {
        System.out.println("damaged " + d.what() + ": " + d.detail());
        for (AffectedEntry a : d.affected()) {
          System.out.println("  affects " + affected(a));
        }
      }
      if (r.ok()) {
        System.out.println("no damage");
        return 0;
      }
      List<AffectedEntry> affected = r.affected();
      long snapshots = affected.stream().mapToLong(AffectedEntry::snapshotId).distinct().count();
      System.err.printf(
          "ferry: %d damaged, affecting %d entries in %d snapshots%n",
          r.damages().size(), affected.size(), snapshots);
      return FerryCli.FAILED;
    }
  }

  private static String affected(AffectedEntry a) {
    return a.isWholeSnapshot()
        ? "snapshot " + a.snapshotId() + ": every entry (its root is unreadable)"
        : "snapshot " + a.snapshotId() + ": " + PrintablePath.of(a.path());
  }

  private DataSubset dataSubset() {
    if (subset == null) {
      return readData ? new DataSubset.All() : new DataSubset.None();
    }
    if (readData) {
      throw new ParameterException(
          spec.commandLine(), "--read-data and --read-data-subset exclude each other");
    }
    try {
      return DataSubset.parse(subset);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--read-data-subset: " + e.getMessage());
    }
  }

  private static String dataLine(VerifyReport r) {
    if (r.dataSubset() instanceof DataSubset.None) {
      return "no data read (add --read-data to re-hash every chunk)";
    }
    if (r.dataSubset() instanceof DataSubset.All) {
      return "data read in all " + r.containersRead() + " containers";
    }
    return "data read in "
        + r.containersRead()
        + " of "
        + r.containersChecked()
        + " containers ("
        + r.dataSubset().describe()
        + ")";
  }
}
