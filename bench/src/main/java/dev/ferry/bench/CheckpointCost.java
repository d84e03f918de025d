package dev.ferry.bench;

import dev.ferry.monitor.blockmap.Block;
import dev.ferry.monitor.blockmap.BlockMap;
import dev.ferry.monitor.journal.FileType;
import dev.ferry.monitor.state.FileState;
import dev.ferry.monitor.state.KnownFile;
import dev.ferry.monitor.state.PackedBlocks;
import dev.ferry.monitor.state.StateCheckpoint;
import dev.ferry.monitor.state.StateIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Size and time of a file-state checkpoint (src-docs/file-state-index.md) for a synthetic home
 * folder: {@code --files N} paths nested like a real tree (projects / folders / files), sizes
 * log-uniform from 100 B to 64 MiB, each with the block map FastCDC would give it on average (64
 * KiB chunks). Prints bytes per file, write (encode + fsync + rename) and read (parse + CRC) times
 * over {@code --runs} runs, and the same bytes written by {@code cp} for scale.
 */
public final class CheckpointCost {
  public static void main(String[] args) throws Exception {
    int files = 200_000;
    int runs = 5;
    long seed = 20261201L;
    for (int i = 0; i < args.length; i += 2) {
      switch (args[i]) {
        case "--files" -> files = Integer.parseInt(args[i + 1]);
        case "--runs" -> runs = Integer.parseInt(args[i + 1]);
        case "--seed" -> seed = Long.parseLong(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Map<Path, KnownFile> map = tree(files, new Random(seed));
    long chunks =
        map.values().stream().mapToLong(k -> k.blocks() == null ? 0 : k.blocks().count()).sum();
    Path dir = Files.createTempDirectory("ferry-checkpoint-bench");
    try {
      StateIndex index = StateIndex.open(dir);
      StateCheckpoint c = new StateCheckpoint(41, 7, System.nanoTime(), map);
      List<Long> writes = new ArrayList<>();
      List<Long> reads = new ArrayList<>();
      long size = 0;
      for (int r = 0; r < runs + 1; r++) {
        long t0 = System.nanoTime();
        index.save(c);
        long t1 = System.nanoTime();
        Path newest = newest(dir);
        size = Files.size(newest);
        long t2 = System.nanoTime();
        StateCheckpoint back = StateIndex.read(newest);
        long t3 = System.nanoTime();
        if (back.files().size() != map.size()) {
          throw new IllegalStateException("read back " + back.files().size() + " files");
        }
        if (r > 0) { // the first run warms the JIT
          writes.add((t1 - t0) / 1_000_000);
          reads.add((t3 - t2) / 1_000_000);
        }
      }
      writes.sort(null);
      reads.sort(null);
      System.out.printf(
          "files %,d, chunks %,d: checkpoint %,d bytes (%.1f B/file, %.1f MiB)%n",
          map.size(), chunks, size, (double) size / map.size(), size / 1048576.0);
      System.out.printf(
          "write (encode + fsync + rename): min %d ms, max %d ms over %d runs%n",
          writes.get(0), writes.get(writes.size() - 1), runs);
      System.out.printf(
          "read (parse + CRC): min %d ms, max %d ms%n", reads.get(0), reads.get(reads.size() - 1));
      Path copy = dir.resolve("copy");
      long t0 = System.nanoTime();
      Process cp =
          new ProcessBuilder(
                  "sh",
                  "-c",
                  "cp \"$0\" \"$1\" && sync \"$1\"",
                  newest(dir).toString(),
                  copy.toString())
              .inheritIO()
              .start();
      cp.waitFor();
      System.out.printf(
          "reference: cp + sync of the same file %d ms%n", (System.nanoTime() - t0) / 1_000_000);
      System.out.printf(
          "heap after: %d MiB used%n",
          (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
    } finally {
      try (Stream<Path> s = Files.walk(dir)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static Path newest(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".fsi"))
          .max(Comparator.naturalOrder())
          .orElseThrow();
    }
  }

  /** A nested tree: 40 projects, 30 folders each, files spread over them. */
  static Map<Path, KnownFile> tree(int files, Random rnd) {
    String[] ext = {".java", ".md", ".txt", ".png", ".pdf", ".odt", ".json", ".c", ".h", ".jpg"};
    Map<Path, KnownFile> out = new HashMap<>();
    for (int i = 0; i < files; i++) {
      String p =
          "/home/alice/work/project-"
              + rnd.nextInt(40)
              + "/src/main/module-"
              + rnd.nextInt(30)
              + "/"
              + (rnd.nextBoolean() ? "impl/" : "")
              + "file-"
              + i
              + ext[rnd.nextInt(ext.length)];
      long size =
          (long) Math.exp(Math.log(100) + rnd.nextDouble() * (Math.log(64L << 20) - Math.log(100)));
      List<Block> blocks = new ArrayList<>();
      long off = 0;
      while (off < size) {
        int len = (int) Math.min(size - off, 16 * 1024 + rnd.nextInt(96 * 1024));
        blocks.add(new Block(off, len, rnd.nextLong()));
        off += len;
      }
      FileState st =
          new FileState(
              FileType.REGULAR,
              2049,
              1_000_000 + i,
              size,
              1_764_000_000_000_000_000L + rnd.nextInt(1 << 30),
              0644,
              1_764_000_000_000_000_000L + rnd.nextInt(1 << 30));
      out.put(
          Path.of(p),
          KnownFile.recorded(st, true, PackedBlocks.of(new BlockMap(blocks))).confirmedAs(st));
    }
    return out;
  }
}
