package dev.ferry.manager.cli;

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
    JsonView r = JsonView.parse(body);
    if ("nothing-due".equals(r.text("outcome", ""))) {
      System.out.println("nothing due");
      return 0;
    }
    long snapshots = r.number("snapshots", 1);
    System.out.printf(
        "%s %d: %d records, %d files copied, %d deleted, %d skipped, %d chunks (%d bytes) written in %d ms%n",
        snapshots > 1 ? snapshots + " snapshots, the newest" : "snapshot",
        r.number("snapshotId", 0),
        r.number("recordsRead", 0),
        r.number("filesCopied", 0),
        r.number("filesDeleted", 0),
        r.number("filesSkipped", 0),
        r.number("chunksWritten", 0),
        r.number("bytesWritten", 0),
        r.number("millis", 0));
    for (String s : r.texts("skipped")) {
      System.out.println("skipped " + s);
    }
    long lost = r.number("versionsLost", 0);
    if (lost > 0) {
      System.out.println(
          lost
              + " every-save version(s) were no longer staged (quota): copied as the file was now");
    }
    return 0;
  }
}
