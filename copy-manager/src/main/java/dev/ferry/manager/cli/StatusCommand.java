package dev.ferry.manager.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
    JsonNode s = new ObjectMapper().readTree(body);
    System.out.printf("host:               %s%n", s.path("host").asText());
    for (JsonNode p : s.path("agentProblems")) {
      System.out.printf("PROBLEM:            %s%n", p.asText());
    }
    for (JsonNode w : s.path("agentWarnings")) {
      System.out.printf("warning:            %s%n", w.asText());
    }
    System.out.printf("settling saves:     %d%n", s.path("agentSettling").asInt());
    System.out.printf(
        "pending copies:     %d records, %d files%n",
        s.path("pendingRecords").asInt(), s.path("pendingFiles").asInt());
    System.out.printf("oldest pending:     %s%n", text(s.path("oldestPendingSavedAt")));
    System.out.printf(
        "next due:           %s (hold %s)%n", text(s.path("nextDueAt")), s.path("hold").asText());
    System.out.printf("latest snapshot:    %s%n", text(s.path("latestSnapshot")));
    System.out.printf("journal files:      %d%n", s.path("journalFiles").asInt());
    System.out.println("last drains:");
    for (JsonNode r : s.path("lastRuns")) {
      System.out.printf(
          "  #%d %s %s: %d records, %d copied, %d deleted, %d skipped, %d bytes written%s%n",
          r.path("id").asLong(),
          r.path("startedAt").asText(),
          r.path("outcome").asText(),
          r.path("recordsRead").asInt(),
          r.path("filesCopied").asInt(),
          r.path("filesDeleted").asInt(),
          r.path("filesSkipped").asInt(),
          r.path("bytesWritten").asLong(),
          r.path("snapshotId").isNull() ? "" : ", snapshot " + r.path("snapshotId").asLong());
    }
    return 0;
  }

  private static String text(JsonNode n) {
    return n.isMissingNode() || n.isNull() ? "-" : n.asText();
  }
}
