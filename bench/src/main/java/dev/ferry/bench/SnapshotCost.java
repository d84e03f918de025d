package dev.ferry.bench;

import dev.ferry.target.ChunkHash;
import dev.ferry.target.ChunkRef;
import dev.ferry.target.DiskTarget;
import dev.ferry.target.FileEntry;
import dev.ferry.target.SnapshotWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * Cost of a snapshot after a small change to a large tree: a first snapshot of {@code --files N}
 * (default 1,000,000) files in folders of 100, then {@code --runs} times a child snapshot in which
 * {@code --changed K} (default 10) files changed. Prints the first commit's time and each child's
 * time from {@code newSnapshot} to the end of {@code commit} (split into opening, puts and commit),
 * and the root's size.
 */
public final class SnapshotCost {
  public static void main(String[] args) throws Exception {
    int files = 1_000_000;
    int changed = 10;
    int runs = 5;
    for (int i = 0; i < args.length; i += 2) {
      switch (args[i]) {
        case "--files" -> files = Integer.parseInt(args[i + 1]);
        case "--changed" -> changed = Integer.parseInt(args[i + 1]);
        case "--runs" -> runs = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Path dir = Files.createTempDirectory("ferry-snapshot-bench");
    try (DiskTarget t = DiskTarget.openOrCreate(dir.resolve("t"))) {
      long t0 = System.nanoTime();
      try (SnapshotWriter w = t.newSnapshot(1, "bench", OptionalLong.empty())) {
        for (int f = 0; f < files; f++) {
          put(w, String.format("home/d%05d/f%03d.txt", f / 100, f % 100), "v0 " + f);
        }
        w.commit();
      }
      System.out.printf(
          "first snapshot, %d files: %.2f s, root %d bytes%n",
          files,
          (System.nanoTime() - t0) / 1e9,
          Files.size(dir.resolve("t/snapshots/00000000000000000001.snap")));
      for (int r = 1; r <= runs; r++) {
        long s0 = System.nanoTime();
        long opened;
        long putDone;
        try (SnapshotWriter w = t.newSnapshot(r + 1, "bench", OptionalLong.of(r))) {
          opened = System.nanoTime();
          for (int c = 0; c < changed; c++) {
            int f = (int) ((long) c * files / changed);
            put(w, String.format("home/d%05d/f%03d.txt", f / 100, f % 100), "v" + r + " " + f);
          }
          putDone = System.nanoTime();
          w.commit();
        }
        long end = System.nanoTime();
        System.out.printf(
            "child snapshot %d, %d files changed: %.3f s (newSnapshot %.3f, puts %.3f, commit"
                + " %.3f)%n",
            r + 1,
            changed,
            (end - s0) / 1e9,
            (opened - s0) / 1e9,
            (putDone - opened) / 1e9,
            (end - putDone) / 1e9);
      }
    } finally {
      try (var paths = Files.walk(dir)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void put(SnapshotWriter w, String path, String content) throws Exception {
    byte[] b = content.getBytes(StandardCharsets.UTF_8);
    ChunkHash h = ChunkHash.of(b, 0, b.length);
    w.putChunk(h, b, 0, b.length, path);
    w.putFile(new FileEntry(path, b.length, 0, 0644, List.of(new ChunkRef(h, b.length))));
  }
}
