package dev.ferry.manager.cli;

import dev.ferry.target.Damage;
import dev.ferry.target.DiskTarget;
import dev.ferry.target.VerifyReport;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ferry verify}: check a target; non-zero exit and the damaged files named on damage. */
@Command(
    name = "verify",
    description = "Check a target's structure, and with --read-data every chunk.")
final class VerifyCommand implements Callable<Integer> {
  @Mixin TargetOption target;

  @Option(names = "--read-data", description = "re-read and re-hash every chunk")
  boolean readData;

  @Override
  public Integer call() throws Exception {
    try (DiskTarget t = target.open()) {
      VerifyReport r = t.verify(readData);
      System.out.printf(
          "checked %d containers, %d chunks%s, %d snapshots: %s%n",
          r.containersChecked(),
          r.chunksChecked(),
          readData ? " (data re-hashed)" : "",
          r.snapshotsChecked(),
          r.ok() ? "no damage" : r.damages().size() + " damaged");
      for (Damage d : r.damages()) {
        System.err.println("ferry: damaged " + d.what() + ": " + d.detail());
        for (String a : d.affected()) {
          System.err.println("  affects " + a);
        }
      }
      return r.ok() ? 0 : FerryCli.FAILED;
    }
  }
}
