package dev.ferry.bench;

import dev.ferry.monitor.blockmap.FastCdc;
import dev.ferry.target.ChunkHash;
import dev.ferry.target.ChunkRef;
import dev.ferry.target.Compression;
import dev.ferry.target.DiskTarget;
import dev.ferry.target.FileEntry;
import dev.ferry.target.SnapshotWriter;
import dev.ferry.target.TargetCredential;
import dev.ferry.target.crypto.TargetKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Random;
import java.util.stream.Stream;

/**
 * What encryption at rest costs the disk target: the same bytes backed up, restored and verified
 * ({@code --read-data}) on an unencrypted and on an encrypted target (key file), same compression,
 * same FastCDC chunks. Also the time a passphrase takes to open a target (PBKDF2, 600,000
 * iterations).
 *
 * <p>{@code --dir DIR [--mib N] [--files K] [--rounds R] [--compression none|zstd:L]}: {@code N}
 * MiB (default 128) in {@code K} files (default 8), half random bytes, half text-like (compresses
 * about 3:1); one warm-up round, then {@code R} rounds (default 3), each backing up, restoring and
 * verifying on the plain target and then on the encrypted one. Prints MiB/s of plain bytes, min–max
 * over the rounds, per operation and target kind. Restore writes and fsyncs into {@code DIR}, so
 * its figure includes the file system.
 */
public final class EncryptionCost {
  private EncryptionCost() {}

  private record Timing(double backup, double restore, double verify) {}

  public static void main(String[] args) throws IOException {
    Path dir = null;
    int mib = 128;
    int files = 8;
    int rounds = 3;
    Compression compression = Compression.DEFAULT;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--dir" -> dir = Path.of(args[++i]);
        case "--mib" -> mib = Integer.parseInt(args[++i]);
        case "--files" -> files = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--compression" -> compression = Compression.parse(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    if (dir == null) {
      throw new IllegalArgumentException("--dir DIR is required");
    }
    List<byte[]> data = data(mib, files);
    Path keyFile = dir.resolve("bench.key");
    Files.write(keyFile, new byte[32]);
    TargetCredential key = TargetCredential.keyFile(keyFile);
    System.out.printf(
        Locale.ROOT,
        "%d MiB in %d files (half random, half text-like), compression %s, %d rounds%n",
        mib,
        files,
        compression,
        rounds);
    List<String> kinds = List.of("plain", "encrypted");
    List<List<Timing>> byKind = List.of(new ArrayList<>(), new ArrayList<>());
    // Kinds alternate within each round, so drift in the machine's load and the JIT's warm-up
    // falls on both alike rather than on whichever runs first.
    for (int r = 0; r <= rounds; r++) {
      for (int k = 0; k < kinds.size(); k++) {
        Timing t = round(dir, data, compression, k == 0 ? null : key);
        if (r > 0) {
          byKind.get(k).add(t); // round 0 warms the JIT up
        }
      }
    }
    for (int k = 0; k < kinds.size(); k++) {
      String kind = kinds.get(k);
      List<Timing> ts = byKind.get(k);
      long bytes = (long) mib << 20;
      System.out.printf(
          Locale.ROOT,
          "%-9s backup %s  restore %s  verify --read-data %s MiB/s%n",
          kind,
          range(ts, bytes, Timing::backup),
          range(ts, bytes, Timing::restore),
          range(ts, bytes, Timing::verify));
    }
    aesAlone(rounds);
    Path t = dir.resolve("pass-target");
    TargetCredential pass = TargetCredential.passphrase("bench passphrase".toCharArray());
    DiskTarget.openOrCreate(t, compression, pass).close();
    long t0 = System.nanoTime();
    DiskTarget.open(t, compression, pass).close();
    System.out.printf(
        Locale.ROOT,
        "open with a passphrase (PBKDF2-HMAC-SHA256, %,d iterations): %.0f ms%n",
        TargetCredential.DEFAULT_ITERATIONS,
        (System.nanoTime() - t0) / 1e6);
    deleteTree(t);
    Files.delete(keyFile);
  }

  /** AES-256-GCM alone, as the target seals and opens chunks: 64 MiB in 64 KiB chunks. */
  private static void aesAlone(int rounds) {
    TargetKeys keys = TargetKeys.generate();
    int chunk = 64 << 10;
    int n = 1024;
    byte[] plain = new byte[chunk];
    new Random(2).nextBytes(plain);
    ChunkHash h = ChunkHash.of(plain, 0, plain.length);
    byte[][] sealed = new byte[n][chunk + TargetKeys.sealedOverhead()];
    double sealLo = Double.MAX_VALUE;
    double sealHi = 0;
    double openLo = Double.MAX_VALUE;
    double openHi = 0;
    String id = "0123456789abcdef0123456789abcdef";
    for (int r = 0; r <= rounds; r++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        keys.sealChunk(id, (long) i * chunk, h, chunk, 2, plain, 0, chunk, sealed[i], 0);
      }
      long t1 = System.nanoTime();
      try {
        for (int i = 0; i < n; i++) {
          keys.openChunk(id, (long) i * chunk, h, chunk, 2, sealed[i]);
        }
      } catch (javax.crypto.AEADBadTagException e) {
        throw new IllegalStateException(e);
      }
      long t2 = System.nanoTime();
      if (r > 0) {
        double mib = (double) n * chunk / 1048576.0;
        sealLo = Math.min(sealLo, mib / ((t1 - t0) / 1e9));
        sealHi = Math.max(sealHi, mib / ((t1 - t0) / 1e9));
        openLo = Math.min(openLo, mib / ((t2 - t1) / 1e9));
        openHi = Math.max(openHi, mib / ((t2 - t1) / 1e9));
      }
    }
    System.out.printf(
        Locale.ROOT,
        "AES-256-GCM alone, 64 KiB chunks, one thread: seal %.0f–%.0f, open %.0f–%.0f MiB/s%n",
        sealLo,
        sealHi,
        openLo,
        openHi);
  }

  private static Timing round(
      Path dir, List<byte[]> data, Compression compression, TargetCredential key)
      throws IOException {
    Path target = dir.resolve("target");
    Path out = dir.resolve("restored");
    deleteTree(target);
    deleteTree(out);
    long t0 = System.nanoTime();
    try (DiskTarget t =
        key == null
            ? DiskTarget.openOrCreate(target, compression)
            : DiskTarget.openOrCreate(target, compression, key)) {
      try (SnapshotWriter w = t.newSnapshot(1, "bench", OptionalLong.empty())) {
        for (int i = 0; i < data.size(); i++) {
          put(w, "f" + i, data.get(i));
        }
        w.commit();
      }
    }
    long t1 = System.nanoTime();
    long t2;
    long t3;
    try (DiskTarget t =
        key == null
            ? DiskTarget.open(target, compression)
            : DiskTarget.open(target, compression, key)) {
      t2 = System.nanoTime();
      if (!t.restore(1, null, out).failures().isEmpty()) {
        throw new IllegalStateException("restore failed");
      }
      t3 = System.nanoTime();
      if (!t.verify(true).ok()) {
        throw new IllegalStateException("verify found damage");
      }
    }
    long t4 = System.nanoTime();
    deleteTree(target);
    deleteTree(out);
    return new Timing(t1 - t0, t3 - t2, t4 - t3);
  }

  private static void put(SnapshotWriter w, String path, byte[] content) throws IOException {
    FastCdc cdc = FastCdc.standard();
    List<ChunkRef> refs = new ArrayList<>();
    for (int off = 0; off < content.length; ) {
      int len = cdc.nextCut(content, off, Math.min(content.length - off, cdc.max()));
      ChunkHash h = ChunkHash.of(content, off, len);
      w.putChunk(h, content, off, len, path);
      refs.add(new ChunkRef(h, len));
      off += len;
    }
    w.putFile(FileEntry.regularFile(path, content.length, 0, 0644, refs));
  }

  private static List<byte[]> data(int mib, int files) {
    Random rnd = new Random(1);
    String[] words =
        "the of and to in is that for it as with was on be by at this file data copy".split(" ");
    List<byte[]> out = new ArrayList<>();
    int each = (int) (((long) mib << 20) / files);
    for (int f = 0; f < files; f++) {
      byte[] b = new byte[each];
      if (f % 2 == 0) {
        rnd.nextBytes(b);
      } else {
        StringBuilder sb = new StringBuilder(each + 16);
        while (sb.length() < each) {
          sb.append(words[rnd.nextInt(words.length)]).append(rnd.nextInt(1000)).append(' ');
        }
        System.arraycopy(sb.toString().getBytes(StandardCharsets.US_ASCII), 0, b, 0, each);
      }
      out.add(b);
    }
    return out;
  }

  private interface Field {
    double of(Timing t);
  }

  private static String range(List<Timing> ts, long bytes, Field f) {
    double lo = Double.MAX_VALUE;
    double hi = 0;
    for (Timing t : ts) {
      double mibs = bytes / 1048576.0 / (f.of(t) / 1e9);
      lo = Math.min(lo, mibs);
      hi = Math.max(hi, mibs);
    }
    return String.format(Locale.ROOT, "%6.0f–%-6.0f", lo, hi);
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> s = Files.walk(root)) {
      s.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }
}
