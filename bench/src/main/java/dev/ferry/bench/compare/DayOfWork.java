package dev.ferry.bench.compare;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A workstation's day of work on a {@link MakeDataset} tree, from a seed: small in-place edits,
 * editor-style saves (write a temp file, rename it over the original), files truncated and
 * rewritten, appends to logs, scattered in-place overwrites inside the disk image and (through
 * SQLite) the database, new files, deleted files and one folder moved elsewhere. Same tree, same
 * seed: same edits. Prints what it did and how many bytes of file content it wrote.
 *
 * <p>Usage: {@code DayOfWork DIR full|quick SEED}. Edits only text files (sources, docs, notes).
 */
public final class DayOfWork {
  private final Path root;
  private final Scale scale;
  private final SplittableRandom rng;
  private final TextMaker text;
  private long bytesWritten;
  private final List<String> done = new ArrayList<>();

  private DayOfWork(Path root, Scale scale, long seed) {
    this.root = root;
    this.scale = scale;
    this.rng = new SplittableRandom(seed);
    this.text = new TextMaker(rng);
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: DayOfWork DIR full|quick SEED");
      System.exit(2);
    }
    DayOfWork d = new DayOfWork(Path.of(args[0]), Scale.named(args[1]), Long.parseLong(args[2]));
    d.run();
    System.out.println("day of work: " + String.join(", ", d.done));
    System.out.println("day of work: bytes of file content written: " + d.bytesWritten);
  }

  private void run() throws IOException, InterruptedException {
    List<Path> editable = new ArrayList<>();
    for (Path p : MakeDataset.regularFiles(root)) {
      String rel = root.relativize(p).toString();
      if ((rel.startsWith("src/") || rel.startsWith("home/notes/")) && Files.size(p) > 256) {
        editable.add(p);
      }
    }
    List<Path> picked = pick(editable, scale.work(300) + scale.work(200) + scale.work(40));
    List<Path> deletable = new ArrayList<>(editable);
    deletable.removeAll(picked);
    deletable.removeIf(p -> p.startsWith(root.resolve("home/notes/d03")));

    int i = 0;
    int inPlace = scale.work(300);
    for (; i < inPlace; i++) {
      editInPlace(picked.get(i));
    }
    for (int end = i + scale.work(200); i < end; i++) {
      saveLikeAnEditor(picked.get(i));
    }
    for (; i < picked.size(); i++) {
      truncateAndRewrite(picked.get(i));
    }
    done.add(inPlace + " in-place edits");
    done.add(scale.work(200) + " editor saves (temp + rename)");
    done.add(scale.work(40) + " truncate + rewrite");
    appendToLogs();
    overwriteDiskImage(scale.work(48));
    editDatabase(scale.work(60), scale.work(500));
    newFiles(scale.work(150));
    deleteFiles(pick(deletable, scale.work(100)));
    moveFolder("home/notes/d03", "home/archive/2025/d03");
  }

  /** {@code n} distinct files, chosen by the seed; the list's own order is kept. */
  private List<Path> pick(List<Path> from, int n) {
    List<Path> copy = new ArrayList<>(from);
    List<Path> out = new ArrayList<>(n);
    for (int k = 0; k < n && !copy.isEmpty(); k++) {
      out.add(copy.remove(rng.nextInt(copy.size())));
    }
    return out;
  }

  /** A word changed, as a hex editor or a tool that patches in place does. */
  private void editInPlace(Path p) throws IOException {
    byte[] patch = text.line().getBytes(StandardCharsets.US_ASCII);
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
      long size = ch.size();
      int len = (int) Math.min(patch.length, size);
      long at = rng.nextLong(size - len + 1);
      writeFully(ch, ByteBuffer.wrap(patch, 0, len), at);
    }
  }

  /** vim, gedit, IntelliJ: the new content goes to a temp name, then replaces the file. */
  private void saveLikeAnEditor(Path p) throws IOException {
    byte[] old = Files.readAllBytes(p);
    byte[] insert = text.line().getBytes(StandardCharsets.US_ASCII);
    int at = rng.nextInt(old.length + 1);
    byte[] now = new byte[old.length + insert.length];
    System.arraycopy(old, 0, now, 0, at);
    System.arraycopy(insert, 0, now, at, insert.length);
    System.arraycopy(old, at, now, at + insert.length, old.length - at);
    Path tmp = p.resolveSibling("." + p.getFileName() + ".tmp");
    Files.write(tmp, now);
    Files.move(tmp, p, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    bytesWritten += now.length;
  }

  /** An application that truncates its file and writes it again, a little longer. */
  private void truncateAndRewrite(Path p) throws IOException {
    byte[] old = Files.readAllBytes(p);
    byte[] tail = text.line().getBytes(StandardCharsets.US_ASCII);
    try (FileChannel ch =
        FileChannel.open(p, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      writeFully(ch, ByteBuffer.wrap(old), 0);
      writeFully(ch, ByteBuffer.wrap(tail), old.length);
    }
  }

  private void appendToLogs() throws IOException {
    int logs = 0;
    try (var w = Files.list(root.resolve("home/logs"))) {
      for (Path log : w.sorted().toList()) {
        byte[] lines = text.bytes(16 * 1024 + rng.nextInt(48 * 1024));
        Files.write(log, lines, StandardOpenOption.APPEND);
        bytesWritten += lines.length;
        logs++;
      }
    }
    done.add(logs + " logs appended to");
  }

  /** 4–64 KiB of new bytes at each of {@code n} places of the disk image. */
  private void overwriteDiskImage(int n) throws IOException {
    Path img = root.resolve("home/vm/disk.img");
    try (FileChannel ch = FileChannel.open(img, StandardOpenOption.WRITE)) {
      long size = ch.size();
      for (int k = 0; k < n; k++) {
        byte[] b = new byte[4096 * (1 + rng.nextInt(16))];
        rng.nextBytes(b);
        long at = rng.nextLong(size / 4096 - b.length / 4096) * 4096;
        writeFully(ch, ByteBuffer.wrap(b), at);
      }
    }
    done.add(n + " overwrites in the disk image");
  }

  private void editDatabase(int updates, int inserts) throws IOException, InterruptedException {
    Path db = root.resolve("home/db/app.sqlite");
    long before = Files.size(db);
    StringBuilder sql = new StringBuilder("BEGIN;\n");
    for (int k = 0; k < updates; k++) {
      long id = 1 + rng.nextInt(scale.databaseRows());
      sql.append(
          "UPDATE customer SET balance = balance + %d, updated = updated + 86400, notes = notes"
                  .formatted(1 + rng.nextInt(500))
              + " || ' paid' WHERE id = %d;\n".formatted(id));
    }
    sql.append(
        """
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d)
        INSERT INTO customer (name, email, notes, balance, updated)
          SELECT 'new customer ' || i, 'new' || i || '@example.com', hex(sha3('day' || i)), 0,
                 1767312000 + i
          FROM n;
        COMMIT;
        """
            .formatted(inserts));
    Sqlite.run(db, sql.toString());
    // Rows changed in place (a page each) plus the file's growth: what SQLite wrote at least.
    bytesWritten += updates * 4096L + Math.max(0, Files.size(db) - before);
    done.add(updates + " database rows updated, " + inserts + " inserted");
  }

  private void newFiles(int n) throws IOException {
    for (int k = 0; k < n; k++) {
      byte[] b = text.bytes(1024 + rng.nextInt(31 * 1024));
      Path p = root.resolve("home/notes/new/today-%03d.md".formatted(k));
      Files.createDirectories(p.getParent());
      Files.write(p, b, StandardOpenOption.CREATE_NEW);
      bytesWritten += b.length;
    }
    done.add(n + " new files");
  }

  private void deleteFiles(List<Path> victims) throws IOException {
    for (Path p : victims) {
      Files.delete(p);
    }
    done.add(victims.size() + " files deleted");
  }

  private void moveFolder(String from, String to) throws IOException {
    Path dest = root.resolve(to);
    Files.createDirectories(dest.getParent());
    Files.move(root.resolve(from), dest, StandardCopyOption.ATOMIC_MOVE);
    done.add("folder " + from + " moved to " + to);
  }

  private void writeFully(FileChannel ch, ByteBuffer b, long at) throws IOException {
    int start = b.position();
    while (b.hasRemaining()) {
      ch.write(b, at + b.position() - start);
    }
    bytesWritten += b.position() - start;
  }
}
