package dev.ferry.bench.compare;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Writes the comparison's workstation tree: real files of this machine (JDK sources, package
 * documentation, Maven jars, each taken in path order up to the scale's cap) plus files written
 * from the seed (notes, logs, a disk image with random, text, zero and repeated extents, and a
 * SQLite database). Same machine, same scale and seed: same bytes. Every file gets the same fixed
 * mtime, so a listing of the tree is deterministic too.
 *
 * <p>Usage: {@code MakeDataset DIR full|quick SEED SRC_ZIP M2_REPOSITORY}; DIR must not exist.
 */
public final class MakeDataset {
  private static final FileTime MTIME = FileTime.from(Instant.parse("2026-01-05T09:00:00Z"));
  private static final int EXTENT = 4 << 20;

  private final Path out;
  private final Scale scale;
  private final SplittableRandom rng;
  private long files;
  private long bytes;

  private MakeDataset(Path out, Scale scale, long seed) {
    this.out = out;
    this.scale = scale;
    this.rng = new SplittableRandom(seed);
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 5) {
      System.err.println("usage: MakeDataset DIR full|quick SEED SRC_ZIP M2_REPOSITORY");
      System.exit(2);
    }
    Path out = Path.of(args[0]);
    if (Files.exists(out)) {
      throw new IOException(out + " exists already");
    }
    MakeDataset d = new MakeDataset(out, Scale.named(args[1]), Long.parseLong(args[2]));
    d.sources(Path.of(args[3]));
    d.copyTree(Path.of("/usr/share/doc"), out.resolve("doc"), d.scale.docBytes(), p -> true);
    d.copyTree(
        Path.of(args[4]),
        out.resolve("jars"),
        d.scale.jarBytes(),
        p -> p.getFileName().toString().endsWith(".jar"));
    d.documents();
    d.logs();
    d.diskImage();
    d.database();
    System.out.printf("dataset: %d files, %d bytes (%s scale)%n", d.files, d.bytes, args[1]);
  }

  private void sources(Path srcZip) throws IOException {
    try (ZipFile zip = new ZipFile(srcZip.toFile())) {
      List<? extends ZipEntry> entries =
          zip.stream()
              .filter(e -> !e.isDirectory())
              .sorted(Comparator.comparing(ZipEntry::getName))
              .toList();
      long taken = 0;
      for (ZipEntry e : entries) {
        if (taken + e.getSize() > scale.sourceBytes()) {
          break;
        }
        Path to = out.resolve("src").resolve(e.getName());
        Files.createDirectories(to.getParent());
        try (InputStream in = zip.getInputStream(e)) {
          Files.copy(in, to);
        }
        taken += e.getSize();
        counted(to);
      }
    }
  }

  private void copyTree(Path from, Path to, long cap, java.util.function.Predicate<Path> wanted)
      throws IOException {
    List<Path> paths;
    try (Stream<Path> w = Files.walk(from)) {
      paths = w.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
    }
    long taken = 0;
    for (Path p : paths) {
      boolean link = Files.isSymbolicLink(p);
      if (!link && (!Files.isRegularFile(p) || !Files.isReadable(p) || !wanted.test(p))) {
        continue;
      }
      long size = link ? 0 : Files.size(p);
      if (taken + size > cap) {
        break;
      }
      Path dest = to.resolve(from.relativize(p).toString());
      Files.createDirectories(dest.getParent());
      if (link) {
        Files.createSymbolicLink(dest, Files.readSymbolicLink(p));
        files++;
        continue;
      }
      Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
      taken += size;
      counted(dest);
    }
  }

  /** Notes in 20 folders, 1–64 KiB, log-uniform (most are small). */
  private void documents() throws IOException {
    TextMaker text = new TextMaker(rng);
    for (int i = 0; i < scale.documents(); i++) {
      int size = (int) Math.round(Math.pow(2, 10 + rng.nextDouble() * 6));
      Path p = out.resolve("home/notes/d%02d/note-%05d.md".formatted(i % 20, i));
      write(p, text.bytes(size));
    }
  }

  private void logs() throws IOException {
    TextMaker text = new TextMaker(rng);
    for (int i = 0; i < scale.logs(); i++) {
      write(out.resolve("home/logs/service-%02d.log".formatted(i)), text.bytes(scale.logBytes()));
    }
  }

  /**
   * A disk image: 4 MiB extents, 45% random (compressed media, encrypted data), 30% text, 15%
   * zeros, 10% one 4 KiB block repeated (formatted but unused space).
   */
  private void diskImage() throws IOException {
    Path p = out.resolve("home/vm/disk.img");
    Files.createDirectories(p.getParent());
    TextMaker text = new TextMaker(rng);
    byte[] extent = new byte[EXTENT];
    try (FileChannel ch =
        FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      for (long written = 0; written < (long) scale.bigFileMib() << 20; written += EXTENT) {
        int kind = rng.nextInt(100);
        if (kind < 45) {
          rng.nextBytes(extent);
        } else if (kind < 75) {
          System.arraycopy(text.bytes(EXTENT), 0, extent, 0, EXTENT);
        } else if (kind < 90) {
          java.util.Arrays.fill(extent, (byte) 0);
        } else {
          byte[] block = new byte[4096];
          rng.nextBytes(block);
          for (int off = 0; off < EXTENT; off += block.length) {
            System.arraycopy(block, 0, extent, off, block.length);
          }
        }
        ByteBuffer b = ByteBuffer.wrap(extent);
        while (b.hasRemaining()) {
          ch.write(b);
        }
      }
    }
    counted(p);
  }

  private void database() throws IOException, InterruptedException {
    Path p = out.resolve("home/db/app.sqlite");
    Files.createDirectories(p.getParent());
    Sqlite.run(p, Sqlite.createSql(scale.databaseRows()));
    counted(p);
  }

  private void write(Path p, byte[] data) throws IOException {
    Files.createDirectories(p.getParent());
    try (OutputStream o = Files.newOutputStream(p, StandardOpenOption.CREATE_NEW)) {
      o.write(data);
    }
    counted(p);
  }

  private void counted(Path p) throws IOException {
    Files.setLastModifiedTime(p, MTIME);
    files++;
    bytes += Files.size(p);
  }

  static List<Path> regularFiles(Path root) throws IOException {
    List<Path> out = new ArrayList<>();
    try (Stream<Path> w = Files.walk(root)) {
      w.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().forEach(out::add);
    }
    return out;
  }
}
