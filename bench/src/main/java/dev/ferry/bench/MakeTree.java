package dev.ferry.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes the drain benchmark's deterministic tree (about 1 GiB): six files of 52–200 MiB (70% of
 * the bytes; one of them log-like text) and 5,000 files of 1 KiB–512 KiB (log-uniform, skewed to
 * small; one in four is text) in 50 folders. Same seed, same bytes.
 *
 * <p>Usage: {@code MakeTree DIR [SEED]}; DIR must not exist. Prints the file count and total bytes.
 */
public final class MakeTree {
  private static final int[] BIG_MIB = {200, 160, 130, 100, 75, 52};
  private static final int TEXT_BIG = 4; // the 75 MiB one
  private static final int SMALL_FILES = 5000;
  private static final int FOLDERS = 50;
  private static final String[] WORDS = {
    "ferry",
    "backup",
    "chunk",
    "journal",
    "snapshot",
    "restore",
    "drain",
    "target",
    "catalog",
    "record",
    "the",
    "a",
    "of",
    "and",
    "to",
    "in",
    "is",
    "that",
    "for",
    "it",
    "with",
    "as",
    "was",
    "on",
    "file",
    "saved",
    "at",
    "by",
    "this",
    "from",
    "INFO",
    "WARN",
    "DEBUG",
    "2026-11-22",
  };

  private MakeTree() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: MakeTree DIR [SEED]");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    long seed = args.length > 1 ? Long.parseLong(args[1]) : 20261122L;
    Files.createDirectory(dir);
    SplittableRandom rnd = new SplittableRandom(seed);
    long total = 0;
    int files = 0;
    Path big = Files.createDirectory(dir.resolve("big"));
    for (int i = 0; i < BIG_MIB.length; i++) {
      long size = BIG_MIB[i] * 1024L * 1024L;
      String name = String.format(Locale.ROOT, "%s-%d.%s", "big", i, i == TEXT_BIG ? "log" : "bin");
      write(big.resolve(name), size, i == TEXT_BIG, rnd);
      total += size;
      files++;
    }
    double lo = Math.log(1024);
    double hi = Math.log(512 * 1024);
    for (int i = 0; i < SMALL_FILES; i++) {
      Path folder = dir.resolve(String.format(Locale.ROOT, "d%02d", i % FOLDERS));
      Files.createDirectories(folder);
      long size = Math.round(Math.exp(lo + Math.pow(rnd.nextDouble(), 1.4) * (hi - lo)));
      boolean text = i % 4 == 0;
      write(
          folder.resolve(String.format(Locale.ROOT, "f%04d.%s", i, text ? "txt" : "dat")),
          size,
          text,
          rnd);
      total += size;
      files++;
    }
    System.out.printf(Locale.ROOT, "%d files, %d bytes%n", files, total);
  }

  private static void write(Path file, long size, boolean text, SplittableRandom rnd)
      throws IOException {
    byte[] buf = new byte[64 * 1024];
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      long left = size;
      while (left > 0) {
        int n = (int) Math.min(buf.length, left);
        if (text) {
          fillText(buf, n, rnd);
        } else {
          fillRandom(buf, n, rnd);
        }
        out.write(buf, 0, n);
        left -= n;
      }
    }
  }

  private static void fillRandom(byte[] b, int len, SplittableRandom rnd) {
    for (int i = 0; i < len; i += 8) {
      long v = rnd.nextLong();
      for (int k = 0; k < 8 && i + k < len; k++) {
        b[i + k] = (byte) (v >>> (8 * k));
      }
    }
  }

  private static void fillText(byte[] b, int len, SplittableRandom rnd) {
    int i = 0;
    while (i < len) {
      byte[] w = WORDS[rnd.nextInt(WORDS.length)].getBytes(StandardCharsets.US_ASCII);
      for (int k = 0; k < w.length && i < len; k++) {
        b[i++] = w[k];
      }
      if (i < len) {
        b[i++] = (byte) (rnd.nextInt(12) == 0 ? '\n' : ' ');
      }
    }
  }
}
