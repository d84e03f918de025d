package dev.ferry.bench;

import dev.ferry.monitor.blockmap.BlockMapper;
import dev.ferry.monitor.blockmap.FastCdc;
import dev.ferry.target.ChunkHash;
import dev.ferry.target.ChunkRef;
import dev.ferry.target.Compression;
import dev.ferry.target.DiskTarget;
import dev.ferry.target.FileEntry;
import dev.ferry.target.RestoreResult;
import dev.ferry.target.SnapshotWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The storage target's own copy and restore throughput, without the copy-manager's JVM start, HTTP
 * round trip, change records or catalog: writes a tree into a fresh {@link DiskTarget} through one
 * {@link SnapshotWriter} (FastCDC chunks, SHA-256, {@code putChunk}, {@code putFile}, commit),
 * restores it with {@link DiskTarget#restore}, and times {@code cp -a} of the same tree from the
 * same process, right before, as the reference.
 *
 * <p>Usage: {@code TargetThroughput TREE WORK [--runs 3] [--compression zstd:3|none]
 * [--untrusted]}; WORK must be empty or missing, and is emptied between runs. The restored tree
 * stays in {@code WORK/restored} after the last run for the caller to compare. {@code --untrusted}
 * stores through {@code putChunk} (which hashes every chunk again) instead of {@code
 * putHashedChunk}. Prints one line per run and per measure.
 */
public final class TargetThroughput {
  private TargetThroughput() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      throw new IllegalArgumentException(
          "usage: TargetThroughput TREE WORK [--runs N] [--compression C] [--untrusted]");
    }
    Path tree = Path.of(args[0]).toAbsolutePath();
    Path work = Path.of(args[1]).toAbsolutePath();
    int runs = 3;
    Compression compressionArg = Compression.DEFAULT;
    boolean untrustedArg = false;
    for (int i = 2; i < args.length; i++) {
      switch (args[i]) {
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--compression" -> compressionArg = Compression.parse(args[++i]);
        case "--untrusted" -> untrustedArg = true;
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Compression compression = compressionArg;
    boolean untrusted = untrustedArg;
    List<Path> files = regularFiles(tree);
    long bytes = 0;
    for (Path f : files) {
      bytes += Files.size(f);
    }
    System.out.printf(
        Locale.ROOT,
        "tree: %d files, %d bytes; compression %s; %s%n",
        files.size(),
        bytes,
        compression,
        untrusted ? "putChunk (hashes again)" : "putHashedChunk");
    Files.createDirectories(work);
    for (int run = 1; run <= runs; run++) {
      clear(work);
      // Each measure starts with no dirty pages, so none pays for the writeback of the one before.
      sync();
      long cp = cpA(tree, work.resolve("copy"));
      long cpSync = cp + timed(TargetThroughput::sync);
      deleteTree(work.resolve("copy"));
      sync();
      Path t = work.resolve("target");
      long[] inTarget = new long[1];
      long write = timed(() -> write(tree, files, t, compression, untrusted, inTarget));
      // cp -a again right before the restore: the machine is shared, and its speed drifts.
      sync();
      long cp2 = cpA(tree, work.resolve("copy"));
      long cp2Sync = cp2 + timed(TargetThroughput::sync);
      deleteTree(work.resolve("copy"));
      sync();
      Path restored = work.resolve("restored");
      long restore = timed(() -> restore(t, restored, files.size()));
      report(run, "cp -a", bytes, cp, cp);
      report(run, "write", bytes, write, cp);
      System.out.printf(
          Locale.ROOT,
          "run %d: write: %d ms of it in putHashedChunk/putFile/commit;"
              + " cp -a + sync %d ms, ratio to it %.2f (the write is durable when it returns)%n",
          run,
          TimeUnit.NANOSECONDS.toMillis(inTarget[0]),
          TimeUnit.NANOSECONDS.toMillis(cpSync),
          (double) cpSync / write);
      report(run, "cp -a", bytes, cp2, cp2);
      report(run, "restore", bytes, restore, cp2);
      System.out.printf(
          Locale.ROOT,
          "run %d: restore: cp -a + sync %d ms, ratio to it %.2f (the restore is durable when it"
              + " returns)%n",
          run,
          TimeUnit.NANOSECONDS.toMillis(cp2Sync),
          (double) cp2Sync / restore);
    }
  }

  private interface Action {
    void run() throws Exception;
  }

  private static long timed(Action a) throws Exception {
    long t0 = System.nanoTime();
    a.run();
    return System.nanoTime() - t0;
  }

  private static void report(int run, String what, long bytes, long ns, long cpNs) {
    System.out.printf(
        Locale.ROOT,
        "run %d: %-7s %7d ms %8.1f MiB/s  ratio to cp -a %.2f%n",
        run,
        what,
        TimeUnit.NANOSECONDS.toMillis(ns),
        bytes / 1048576.0 / (ns / 1e9),
        (double) cpNs / ns);
  }

  /** cp -a as a child process, the way a person would copy the tree. */
  private static long cpA(Path tree, Path copy) throws Exception {
    long t0 = System.nanoTime();
    Process p =
        new ProcessBuilder("cp", "-a", tree.toString(), copy.toString()).inheritIO().start();
    if (p.waitFor() != 0) {
      throw new IOException("cp -a " + tree + " " + copy + " exited " + p.exitValue());
    }
    return System.nanoTime() - t0;
  }

  private static void sync() throws Exception {
    Process p = new ProcessBuilder("sync").inheritIO().start();
    if (p.waitFor() != 0) {
      throw new IOException("sync exited " + p.exitValue());
    }
  }

  /** What a drain does per file, minus the catalog: chunk, hash, store, list. */
  private static void write(
      Path tree,
      List<Path> files,
      Path targetDir,
      Compression compression,
      boolean untrusted,
      long[] inTarget)
      throws IOException {
    BlockMapper mapper = new BlockMapper(FastCdc.standard());
    try (DiskTarget t = DiskTarget.openOrCreate(targetDir, compression);
        SnapshotWriter w = t.newSnapshot(1, "bench", OptionalLong.empty())) {
      for (Path f : files) {
        String path = tree.relativize(f).toString();
        List<ChunkRef> chunks = new ArrayList<>();
        mapper.map(
            f,
            (offset, buf, off, len, fingerprint) -> {
              ChunkHash h = ChunkHash.of(buf, off, len);
              long t0 = System.nanoTime();
              if (untrusted) {
                w.putChunk(h, buf, off, len, path);
              } else {
                w.putHashedChunk(h, buf, off, len, path);
              }
              inTarget[0] += System.nanoTime() - t0;
              chunks.add(new ChunkRef(h, len));
            });
        PosixFileAttributes a = Files.readAttributes(f, PosixFileAttributes.class);
        long mtime = a.lastModifiedTime().to(TimeUnit.NANOSECONDS);
        int mode = (int) Files.getAttribute(f, "unix:mode") & 07777;
        long t0 = System.nanoTime();
        w.putFile(FileEntry.regularFile(path, a.size(), mtime, mode, chunks));
        inTarget[0] += System.nanoTime() - t0;
      }
      long t0 = System.nanoTime();
      w.commit();
      inTarget[0] += System.nanoTime() - t0;
    }
  }

  private static void restore(Path targetDir, Path to, int expectedFiles) throws IOException {
    try (DiskTarget t = DiskTarget.openOrCreate(targetDir)) {
      RestoreResult r = t.restore(1, null, to);
      if (!r.failures().isEmpty() || r.filesRestored() != expectedFiles) {
        throw new IOException(
            "restore: " + r.filesRestored() + " of " + expectedFiles + " files, " + r.failures());
      }
    }
  }

  private static List<Path> regularFiles(Path tree) throws IOException {
    try (Stream<Path> s = Files.walk(tree)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }

  private static void clear(Path work) throws IOException {
    try (Stream<Path> s = Files.list(work)) {
      for (Path p : s.toList()) {
        deleteTree(p);
      }
    }
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        Files.delete(q);
      }
    }
  }
}
