package dev.ferry.manager.it;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;

/**
 * A burst of saves into a folder, as fast as one thread can make them, in a process of its own (run
 * by {@link AgentKilledDuringBurstIT} with the test class path): new files, in-place rewrites,
 * editor-style saves (a temporary file renamed over the name), appends, and a few deletes and
 * renames, over a fixed set of names ({@link #name}) in folders some of which do not exist yet,
 * most of them to a working set of {@value #HOT} names. Which name each save touches and how
 * follows from the seed and the files present at the start. After save number {@code KILL_AT} it
 * sends SIGKILL to process {@code PID}, so the kill lands at an exact point of the burst. Prints
 * one line of counts at the end.
 *
 * <p>Usage: {@code BurstWriter ROOT SEED SAVES NAMES KILL_AT PID}.
 */
final class BurstWriter {
  /** Folders the names are spread over; the later ones appear only during bursts. */
  static final int FOLDERS = 24;

  /** Names in a burst's working set, which gets most of its saves. */
  static final int HOT = 400;

  private final Path root;
  private final SplittableRandom rnd;
  private final int names;
  private final int[] hot;
  private final byte[] pool = new byte[1 << 20];
  private long writes;
  private int created;
  private int rewritten;
  private int editorSaves;
  private int appended;
  private int deleted;
  private int renamed;

  private BurstWriter(Path root, long seed, int names) {
    this.root = root;
    this.rnd = new SplittableRandom(seed);
    this.names = names;
    rnd.nextBytes(pool);
    this.hot = rnd.ints(HOT, 0, names).toArray();
  }

  /** The relative path of name number {@code i}. */
  static String name(int i) {
    return String.format("p%02d/f%05d.dat", i % FOLDERS, i);
  }

  public static void main(String[] args) throws IOException {
    Path root = Path.of(args[0]);
    long seed = Long.parseLong(args[1]);
    int saves = Integer.parseInt(args[2]);
    int names = Integer.parseInt(args[3]);
    int killAt = Integer.parseInt(args[4]);
    long pid = Long.parseLong(args[5]);
    BurstWriter w = new BurstWriter(root, seed, names);
    boolean killed = false;
    for (int i = 0; i < saves; i++) {
      if (i == killAt) {
        killed = ProcessHandle.of(pid).map(ProcessHandle::destroyForcibly).orElse(false);
      }
      w.save();
    }
    System.out.printf(
        "%d saves: %d created, %d rewritten in place, %d editor saves, %d appended, %d deleted,"
            + " %d renamed; kill -9 before save %d: %s%n",
        saves,
        w.created,
        w.rewritten,
        w.editorSaves,
        w.appended,
        w.deleted,
        w.renamed,
        killAt,
        killed ? "sent" : "not sent");
  }

  /** A name to save: mostly one of the burst's working set, as a person edits a few files. */
  private int pick() {
    return rnd.nextInt(100) < 85 ? hot[rnd.nextInt(hot.length)] : rnd.nextInt(names);
  }

  /** One save of a random name. */
  private void save() throws IOException {
    Path p = root.resolve(name(pick()));
    if (!Files.exists(p)) {
      Files.createDirectories(p.getParent());
      if (rnd.nextInt(4) == 0) {
        editorSave(p, 0);
      } else {
        write(p, size(0), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      }
      created++;
      return;
    }
    long old = Files.size(p);
    int r = rnd.nextInt(100);
    if (r < 45) {
      write(p, size(old), StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
      rewritten++;
    } else if (r < 75) {
      editorSave(p, old);
      editorSaves++;
    } else if (r < 87) {
      write(p, 1 + rnd.nextInt(2048), StandardOpenOption.APPEND);
      appended++;
    } else if (r < 93) {
      Files.delete(p);
      deleted++;
    } else if (!renameToFreeName(p)) {
      write(p, size(old), StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
      rewritten++;
    }
  }

  /** Saves as vim or gedit do: a temporary file, then a rename over the name. */
  private void editorSave(Path p, long old) throws IOException {
    String n = p.getFileName().toString();
    Path tmp = p.resolveSibling(rnd.nextBoolean() ? "." + n + ".swp" : n + ".tmp");
    write(tmp, size(old), StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
    Files.move(tmp, p, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private boolean renameToFreeName(Path p) throws IOException {
    for (int tries = 0; tries < 10; tries++) {
      Path to = root.resolve(name(rnd.nextInt(names)));
      if (!Files.exists(to)) {
        Files.createDirectories(to.getParent());
        try {
          Files.move(p, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
          return false;
        }
        renamed++;
        return true;
      }
    }
    return false;
  }

  /** Mostly small files, some of a few chunks; now and then the same size as before. */
  private int size(long old) {
    int r = rnd.nextInt(100);
    if (old > 0 && r < 5) {
      return (int) old;
    }
    if (r < 8) {
      return rnd.nextInt(16);
    }
    if (r < 75) {
      return rnd.nextInt(4096);
    }
    if (r < 99) {
      return 4096 + rnd.nextInt(28 * 1024);
    }
    return 64 * 1024 + rnd.nextInt(256 * 1024);
  }

  /** Writes {@code size} bytes: a random slice of the pool, its first bytes made unique. */
  private void write(Path p, int size, StandardOpenOption... options) throws IOException {
    int off = rnd.nextInt(pool.length - size + 1);
    long unique = ++writes;
    for (int i = 0; i < Math.min(8, size); i++) {
      pool[off + i] = (byte) (unique >>> (8 * i));
    }
    try (OutputStream out = Files.newOutputStream(p, options)) {
      out.write(pool, off, size);
    }
  }
}
