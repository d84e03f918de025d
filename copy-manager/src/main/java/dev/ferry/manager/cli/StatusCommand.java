package dev.ferry.manager.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ferry status}: pending copies, due times, last runs. */
@Command(
    name = "status",
    description = "Show pending copies, when they fall due, and the last drains.")
final class StatusCommand implements Callable<Integer> {
  @Mixin ManagerOptions manager;

  @Option(names = "--json", description = "print the status as JSON")
  boolean json;

  @Override
  public Integer call() throws Exception {
    String body = manager.client().get("/api/status");
    if (json) {
      System.out.println(body);
      return 0;
    }
    JsonView s = JsonView.parse(body);
    System.out.printf("host:               %s%n", s.text("host", ""));
    for (String p : s.texts("agentProblems")) {
      System.out.printf("PROBLEM:            %s%n", p);
    }
    for (String w : s.texts("agentWarnings")) {
      System.out.printf("warning:            %s%n", w);
    }
    System.out.printf("settling saves:     %d%n", s.number("agentSettling", 0));
    System.out.printf(
        "pending copies:     %d records, %d files%n",
        s.number("pendingRecords", 0), s.number("pendingFiles", 0));
    System.out.printf("oldest pending:     %s%n", s.text("oldestPendingSavedAt", "-"));
    System.out.printf(
        "next due:           %s (hold %s)%n", s.text("nextDueAt", "-"), s.text("hold", ""));
    System.out.printf("latest snapshot:    %s%n", s.text("latestSnapshot", "-"));
    System.out.printf("journal files:      %d%n", s.number("journalFiles", 0));
    System.out.println("last drains:");
    for (JsonView r : s.objects("lastRuns")) {
      System.out.printf(
          "  #%d %s %s: %d records, %d copied, %d deleted, %d skipped, %d bytes written%s%n",
          r.number("id", 0),
          r.text("startedAt", ""),
          r.text("outcome", ""),
          r.number("recordsRead", 0),
          r.number("filesCopied", 0),
          r.number("filesDeleted", 0),
          r.number("filesSkipped", 0),
          r.number("bytesWritten", 0),
          r.isNull("snapshotId") ? "" : ", snapshot " + r.number("snapshotId", 0));
    }
    return 0;
  }
}
