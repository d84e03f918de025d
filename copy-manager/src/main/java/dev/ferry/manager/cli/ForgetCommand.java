package dev.ferry.manager.cli;

import dev.ferry.target.DiskTarget;
import dev.ferry.target.SnapshotInfo;
import dev.ferry.target.retention.KeepRules;
import dev.ferry.target.retention.Retention;
import dev.ferry.target.retention.RetentionPlan;
import dev.ferry.target.retention.SnapshotDecision;
import java.io.PrintStream;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ferry forget}: removes snapshots from a target, named by id or chosen by a retention
 * policy as {@code restic forget} does. Only the snapshot roots go; chunks stay until prune.
 */
@Command(
    name = "forget",
    description =
        "Forget snapshots by id, or all but those a policy keeps (--keep-*). Their data stays"
            + " on the target until it is pruned.")
final class ForgetCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin TargetOption target;

  @Parameters(paramLabel = "ID", arity = "0..*", description = "snapshot ids to forget")
  List<Long> ids = List.of();

  @Option(names = "--keep-last", paramLabel = "N", description = "keep the N newest snapshots")
  int keepLast;

  @Option(names = "--keep-hourly", paramLabel = "N", description = "newest of each of N hours")
  int keepHourly;

  @Option(names = "--keep-daily", paramLabel = "N", description = "newest of each of N days")
  int keepDaily;

  @Option(names = "--keep-weekly", paramLabel = "N", description = "newest of each of N ISO weeks")
  int keepWeekly;

  @Option(names = "--keep-monthly", paramLabel = "N", description = "newest of each of N months")
  int keepMonthly;

  @Option(names = "--keep-yearly", paramLabel = "N", description = "newest of each of N years")
  int keepYearly;

  @Option(
      names = "--zone",
      paramLabel = "ZONE",
      description = "time zone of hours, days, weeks… (default: this machine's)")
  ZoneId zone = ZoneId.systemDefault();

  @Option(names = "--dry-run", description = "show what would be forgotten; change nothing")
  boolean dryRun;

  @Option(names = "--prune", description = "then prune: free the data only those used")
  boolean prune;

  @Option(
      names = "--max-unused",
      paramLabel = "PERCENT",
      description = "with --prune, as for ferry prune (default 5)")
  int maxUnused = PruneCommand.DEFAULT_MAX_UNUSED;

  @Override
  public Integer call() throws Exception {
    KeepRules rules = rules();
    if (rules.isEmpty() == ids.isEmpty()) {
      throw new ParameterException(
          spec.commandLine(), "give either snapshot ids or --keep-* rules (one of the two)");
    }
    try (DiskTarget t = target.open()) {
      List<Long> doomed = (ids.isEmpty() ? planned(t, rules) : ids).stream().sorted().toList();
      if (dryRun) {
        System.out.printf("would forget %d snapshots: %s%n", doomed.size(), doomed);
        return 0;
      }
      List<SnapshotInfo> gone = doomed.isEmpty() ? List.of() : t.forget(doomed);
      System.out.printf(
          "forgot %d snapshots%s%s%n",
          gone.size(),
          gone.isEmpty() ? "" : " " + gone.stream().map(SnapshotInfo::id).toList(),
          prune ? "" : "; their data stays until the target is pruned");
      if (prune) {
        PruneCommand.print(PruneCommand.prune(t, maxUnused));
      }
      return 0;
    }
  }

  private KeepRules rules() {
    try {
      return new KeepRules(keepLast, keepHourly, keepDaily, keepWeekly, keepMonthly, keepYearly);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--" + e.getMessage());
    }
  }

  /** Prints the plan, one line a snapshot, and returns the ids it forgets. */
  private List<Long> planned(DiskTarget t, KeepRules rules) throws java.io.IOException {
    RetentionPlan plan = Retention.plan(t.snapshots(), rules, zone);
    PrintStream out = System.out;
    out.printf("policy: %s (zone %s)%n", rules, zone);
    out.printf("%-8s %-24s %-20s %-7s %s%n", "ID", "CREATED", "HOST", "ACTION", "REASONS");
    for (SnapshotDecision d : plan.decisions()) {
      SnapshotInfo s = d.snapshot();
      out.printf(
          "%-8d %-24s %-20s %-7s %s%n",
          s.id(),
          s.createdAt().truncatedTo(ChronoUnit.SECONDS),
          s.host(),
          d.kept() ? "keep" : "forget",
          String.join(",", d.reasons()));
    }
    return plan.forgotten().stream().map(SnapshotInfo::id).toList();
  }
}
