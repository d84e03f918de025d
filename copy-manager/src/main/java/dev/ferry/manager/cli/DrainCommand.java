package dev.ferry.manager.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ferry drain --now}: open the window now; returns when the drain is done. */
@Command(name = "drain", description = "Drain the backup cache now and wait until it is done.")
final class DrainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ManagerOptions manager;

  @Option(names = "--now", description = "drain now (scheduled drains run inside the manager)")
  boolean now;

  @Option(names = "--ignore-hold", description = "also copy saves younger than the hold delay")
  boolean ignoreHold;

  @Override
  public Integer call() throws Exception {
    if (!now) {
      throw new ParameterException(
          spec.commandLine(), "drain needs --now (scheduled drains run by themselves)");
    }
    String body = manager.client().post("/api/drain?ignoreHold=" + ignoreHold);
    JsonNode r = new ObjectMapper().readTree(body);
    if ("nothing-due".equals(r.path("outcome").asText())) {
      System.out.println("nothing due");
      return 0;
    }
    int snapshots = r.path("snapshots").asInt(1);
    System.out.printf(
        "%s %d: %d records, %d files copied, %d deleted, %d skipped, %d chunks (%d bytes) written in %d ms%n",
        snapshots > 1 ? snapshots + " snapshots, the newest" : "snapshot",
        r.path("snapshotId").asLong(),
        r.path("recordsRead").asInt(),
        r.path("filesCopied").asInt(),
        r.path("filesDeleted").asInt(),
        r.path("filesSkipped").asInt(),
        r.path("chunksWritten").asInt(),
        r.path("bytesWritten").asLong(),
        r.path("millis").asLong());
    for (JsonNode s : r.path("skipped")) {
      System.out.println("skipped " + s.asText());
    }
    int lost = r.path("versionsLost").asInt();
    if (lost > 0) {
      System.out.println(
          lost
              + " every-save version(s) were no longer staged (quota): copied as the file was now");
    }
    return 0;
  }
}
