package dev.ferry.manager.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.ferry.target.DiskTarget;
import dev.ferry.target.SnapshotInfo;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ferry snapshots}: the snapshots a target holds, read from the target alone. */
@Command(name = "snapshots", description = "List the snapshots of a target.")
final class SnapshotsCommand implements Callable<Integer> {
  @Mixin TargetOption target;

  @Option(names = "--json", description = "print as JSON")
  boolean json;

  @Override
  public Integer call() throws Exception {
    List<SnapshotInfo> all;
    try (DiskTarget t = target.open()) {
      all = t.snapshots();
    }
    if (json) {
      ObjectMapper m =
          new ObjectMapper()
              .registerModule(new JavaTimeModule())
              .registerModule(new Jdk8Module())
              .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
      System.out.println(m.writeValueAsString(all));
      return 0;
    }
    System.out.printf("%-8s %-24s %-20s %10s %14s%n", "ID", "CREATED", "HOST", "FILES", "BYTES");
    for (SnapshotInfo s : all) {
      System.out.printf(
          "%-8d %-24s %-20s %10d %14d%n",
          s.id(), s.createdAt(), s.host(), s.fileCount(), s.totalBytes());
    }
    return 0;
  }
}
