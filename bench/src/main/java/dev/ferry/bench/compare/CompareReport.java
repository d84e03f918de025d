package dev.ferry.bench.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Turns one {@code bench/run.sh} run's raw figures into a Markdown section (the measures of each
 * tool, the ratios Ferry/restic, Ferry/borg and each tool/{@code cp -a}, and where the issue's
 * goals stand) and draws its chart. Exits 3 after writing both if any tool failed, so the run
 * fails.
 *
 * <p>Usage: {@code CompareReport RESULTS_TSV OUT_MD OUT_PNG CHART_LINK}.
 */
public final class CompareReport {
  private static final double MIB = 1 << 20;

  private final RunResults r;
  private final StringBuilder md = new StringBuilder();

  private CompareReport(RunResults r) {
    this.r = r;
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 4) {
      System.err.println("usage: CompareReport RESULTS_TSV OUT_MD OUT_PNG CHART_LINK");
      System.exit(2);
    }
    RunResults r = RunResults.read(Path.of(args[0]));
    CompareReport report = new CompareReport(r);
    report.write(args[3]);
    Files.writeString(Path.of(args[1]), report.md);
    ComparisonChart.draw(r, Path.of(args[2]));
    System.out.print(report.md);
    boolean failed = false;
    for (String t : List.of("cp", "restic", "borg", "ferry")) {
      if (!r.ok(t)) {
        System.err.println("run.sh: " + t + " " + r.status(t));
        failed = true;
      }
    }
    if (failed) {
      System.exit(3);
    }
  }

  private void write(String chartLink) {
    md.append("## ").append(r.meta("date")).append(" (Ferry vs restic and borg, `bench/run.sh");
    md.append("quick".equals(r.meta("scale")) ? " --quick" : "").append("`) — ");
    md.append(r.meta("machine")).append("\n\n");
    md.append("- Versions: ").append(r.meta("versions")).append("\n");
    md.append("- Dataset: ").append(r.meta("dataset")).append("\n");
    md.append("- Day of work: ").append(r.meta("day")).append("\n");
    md.append("- Settings: ").append(r.meta("settings")).append("\n");
    md.append(
            "- Ferry: standalone start-up (JVM, embedded PostgreSQL, Quarkus; not in any figure) ")
        .append(r.meta("ferry_startup_ms"))
        .append(" ms; drain phases of the full copy: ")
        .append(r.meta("ferry_full_log"))
        .append("; ")
        .append(r.meta("catalog"))
        .append("\n");
    md.append("- Load average at the start: ").append(r.meta("load")).append("\n\n");
    table();
    goals();
    md.append("\n![Ferry vs restic and borg](").append(chartLink).append(")\n\n");
  }

  private void table() {
    md.append("| measure | `cp -a` | restic | borg | Ferry | Ferry/restic | Ferry/borg |");
    md.append(" restic/cp | borg/cp | Ferry/cp |\n");
    md.append("|---|---|---|---|---|---|---|---|---|---|\n");
    row("full copy, s (Ferry: drain)", "full.ms", "full.ms", 1e-3);
    row("full copy, s (Ferry: watch → hold → drain)", "full.ms", "full.path_ms", 1e-3);
    row("full copy, stored MiB", null, "full.size", 1 / MIB);
    row("incremental, s (Ferry: drain)", null, "incr.ms", 1e-3);
    row("incremental, s (Ferry: watch → hold → drain)", null, "incr.path_ms", 1e-3);
    row("incremental, MiB added", null, "incr.added", 1 / MIB);
    row("restore, s (`cp -a`: of the day's tree)", "restore.ms", "restore.ms", 1e-3);
    row("restore, then `sync -f` (durable), s", "restore_synced.ms", "restore_synced.ms", 1e-3);
    row("restore, CPU time (user + system), s", "restore.cpu_ms", "restore.cpu_ms", 1e-3);
    row("peak RSS full copy, MiB", null, "full.rss_kb", 1 / 1024.0);
    row("peak RSS incremental, MiB", null, "incr.rss_kb", 1 / 1024.0);
    row("peak RSS restore, MiB", null, "restore.rss_kb", 1 / 1024.0);
    for (String t : List.of("cp", "restic", "borg", "ferry")) {
      if (!r.ok(t)) {
        md.append("\n**").append(t).append(": ").append(r.status(t)).append("**\n");
      }
    }
  }

  /**
   * One row: {@code cpKey} is cp's measure (null: none); {@code ferryKey} is Ferry's, the other
   * tools' is the same key with a {@code path_ms} read as {@code ms}.
   */
  private void row(String label, String cpKey, String ferryKey, double scale) {
    String other = ferryKey.replace("path_ms", "ms");
    OptionalDouble cp = cpKey == null ? OptionalDouble.empty() : r.measure("cp", cpKey);
    OptionalDouble restic = r.measure("restic", other);
    OptionalDouble borg = r.measure("borg", other);
    OptionalDouble ferry = r.measure("ferry", ferryKey);
    md.append("| ").append(label);
    for (OptionalDouble v : List.of(cp, restic, borg, ferry)) {
      md.append(" | ").append(v.isPresent() ? number(v.getAsDouble() * scale) : "—");
    }
    for (OptionalDouble[] pair :
        List.of(
            new OptionalDouble[] {ferry, restic},
            new OptionalDouble[] {ferry, borg},
            new OptionalDouble[] {restic, cp},
            new OptionalDouble[] {borg, cp},
            new OptionalDouble[] {ferry, cp})) {
      md.append(" | ").append(ratio(pair[0], pair[1]));
    }
    md.append(" |\n");
  }

  private void goals() {
    md.append("\nGoals (issue 5), each a ratio from this run:\n\n");
    goal("incremental bytes stored ≤ 0.2× restic's", "incr.added", "restic", "incr.added", 0.2);
    goal("incremental time (drain) ≤ 0.3× restic's", "incr.ms", "restic", "incr.ms", 0.3);
    goal("full-copy time (drain) ≤ 1.0× restic's", "full.ms", "restic", "full.ms", 1.0);
    goal("full-copy time (drain) ≤ 1.0× borg's (stretch)", "full.ms", "borg", "full.ms", 1.0);
    goal("restore time ≤ 0.5× restic's", "restore.ms", "restic", "restore.ms", 0.5);
    goal("restore time ≤ 2× `cp -a`", "restore.ms", "cp", "restore.ms", 2.0);
  }

  private void goal(String what, String ferryKey, String other, String otherKey, double limit) {
    OptionalDouble f = r.measure("ferry", ferryKey);
    OptionalDouble o = r.measure(other, otherKey);
    md.append("- ").append(what).append(": ");
    if (f.isEmpty() || o.isEmpty()) {
      md.append("not measured (a tool failed)\n");
      return;
    }
    double x = f.getAsDouble() / o.getAsDouble();
    md.append(String.format(Locale.ROOT, "%.2f — %s%n", x, x <= limit ? "met" : "**not met**"));
  }

  private static String ratio(OptionalDouble a, OptionalDouble b) {
    if (a.isEmpty() || b.isEmpty() || b.getAsDouble() == 0) {
      return "—";
    }
    return String.format(Locale.ROOT, "%.2f", a.getAsDouble() / b.getAsDouble());
  }

  private static String number(double v) {
    return String.format(Locale.ROOT, v >= 100 ? "%.0f" : v >= 10 ? "%.1f" : "%.2f", v);
  }
}
