package dev.ferry.manager.cli;

import dev.ferry.target.DiskTarget;
import dev.ferry.target.PruneReport;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ferry prune}: reclaim the space of chunks that only forgotten snapshots used. */
@Command(
    name = "prune",
    description = "Remove data no snapshot uses any more; repack partly used containers.")
final class PruneCommand implements Callable<Integer> {
  /** restic's default: repacking costs a read and a write of the used rest, so not for a little. */
  static final int DEFAULT_MAX_UNUSED = 5;

  @Mixin TargetOption target;

  @Option(
      names = "--max-unused",
      paramLabel = "PERCENT",
      description =
          "repack a container when more than this share of it is unused (0-100, default "
              + DEFAULT_MAX_UNUSED
              + ")")
  int maxUnused = DEFAULT_MAX_UNUSED;

  @Override
  public Integer call() throws Exception {
    try (DiskTarget t = target.open()) {
      print(prune(t, maxUnused));
    }
    return 0;
  }

  static PruneReport prune(DiskTarget t, int maxUnused) throws IOException {
    if (maxUnused < 0 || maxUnused > 100) {
      throw new IllegalArgumentException("--max-unused must be 0 to 100, not " + maxUnused);
    }
    return t.prune(maxUnused);
  }

  static void print(PruneReport r) {
    System.out.printf(
        "pruned: %d snapshots use %d chunks; removed %d chunks, deleted %d containers, repacked %d"
            + " into %d, %d bytes freed, %d segment files deleted%n",
        r.snapshots(),
        r.chunksInUse(),
        r.chunksRemoved(),
        r.containersDeleted(),
        r.containersRepacked(),
        r.containersWritten(),
        r.bytesReclaimed(),
        r.segmentsDeleted());
  }
}
