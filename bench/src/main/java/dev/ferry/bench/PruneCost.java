package dev.ferry.bench;

import dev.ferry.target.ChunkHash;
import dev.ferry.target.ChunkRef;
import dev.ferry.target.DiskTarget;
import dev.ferry.target.FileEntry;
import dev.ferry.target.PruneReport;
import dev.ferry.target.SnapshotInfo;
import dev.ferry.target.SnapshotWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;

/**
 * Prune on a large target, in two steps so that the prune runs in a JVM of its own whose peak
 * memory is the prune's: {@code --build DIR --chunks N --snapshots S} writes S snapshots, each
 * adding N/S new chunks (files of 100 chunks of 64 B) and keeping a random half of the previous
 * snapshot's files, then forgets all but the last two. {@code --prune DIR} prunes it and prints the
 * time, the report, the heap's peak and the process's peak RSS (VmHWM).
 */
public final class PruneCost {
  private static final int CHUNK = 64;
  private static final int CHUNKS_PER_FILE = 100;

  public static void main(String[] args) throws Exception {
    Path dir = null;
    boolean build = false;
    long chunks = 1_000_000;
    int snapshots = 10;
    for (int i = 0; i < args.length; i += 2) {
      switch (args[i]) {
        case "--build" -> {
          build = true;
          dir = Path.of(args[i + 1]);
        }
        case "--prune" -> dir = Path.of(args[i + 1]);
        case "--chunks" -> chunks = Long.parseLong(args[i + 1]);
        case "--snapshots" -> snapshots = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (dir == null) {
      throw new IllegalArgumentException("--build DIR or --prune DIR");
    }
    if (build) {
      build(dir, chunks, snapshots);
    } else {
      prune(dir);
    }
  }

  private static void build(Path dir, long chunks, int snapshots) throws Exception {
    Random rnd = new Random(20261202);
    long perSnapshot = chunks / snapshots;
    long next = 0;
    long t0 = System.nanoTime();
    try (DiskTarget t = DiskTarget.openOrCreate(dir)) {
      for (int s = 1; s <= snapshots; s++) {
        OptionalLong parent = s == 1 ? OptionalLong.empty() : OptionalLong.of(s - 1);
        try (SnapshotWriter w = t.newSnapshot(s, "bench", parent)) {
          if (s > 1) {
            for (FileEntry e : t.readSnapshot(s - 1).entries()) {
              if (rnd.nextBoolean()) {
                w.removeFile(e.path());
              }
            }
          }
          for (long f = 0; f < perSnapshot / CHUNKS_PER_FILE; f++) {
            List<ChunkRef> refs = new ArrayList<>(CHUNKS_PER_FILE);
            for (int c = 0; c < CHUNKS_PER_FILE; c++) {
              byte[] b = ByteBuffer.allocate(CHUNK).putLong(next++).putLong(rnd.nextLong()).array();
              ChunkHash h = ChunkHash.of(b, 0, b.length);
              w.putChunk(h, b, 0, b.length, "s" + s + "/f" + f);
              refs.add(new ChunkRef(h, CHUNK));
            }
            w.putFile(
                new FileEntry("s" + s + "/f" + f, (long) CHUNK * CHUNKS_PER_FILE, 0, 0644, refs));
          }
          w.commit();
        }
      }
      List<Long> forget =
          t.snapshots().stream().map(SnapshotInfo::id).filter(id -> id < snapshots - 1).toList();
      t.forget(forget);
    }
    System.out.printf(
        "built %d chunks in %d snapshots (forgot %d) in %.1f s%n",
        next, snapshots, Math.max(0, snapshots - 2), (System.nanoTime() - t0) / 1e9);
  }

  private static void prune(Path dir) throws Exception {
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      p.resetPeakUsage();
    }
    long t0 = System.nanoTime();
    PruneReport r;
    double openSeconds;
    try (DiskTarget t = DiskTarget.open(dir)) {
      openSeconds = (System.nanoTime() - t0) / 1e9;
      r = t.prune(5);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    long heapPeak = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        heapPeak += p.getPeakUsage().getUsed();
      }
    }
    String hwm =
        Files.readAllLines(Path.of("/proc/self/status")).stream()
            .filter(l -> l.startsWith("VmHWM"))
            .findFirst()
            .orElse("VmHWM: ?");
    System.out.printf("open + prune: %.2f s (open %.2f s); %s%n", seconds, openSeconds, r);
    System.out.printf(
        "heap peak (sum of pools' peaks): %d MiB; process peak RSS %s%n", heapPeak >> 20, hwm);
  }
}
