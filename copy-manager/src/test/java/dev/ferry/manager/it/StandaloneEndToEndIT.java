package dev.ferry.manager.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's first day: start {@code ferry standalone}, edit files the ways programs do, drain,
 * restore into a fresh folder and find exactly what was saved.
 */
class StandaloneEndToEndIT {
  @TempDir Path base;

  @Test
  void savedFilesComeBackExactlyWithTheMachinesPostgres() throws Exception {
    String db = "ferry_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    sql("create database " + db);
    try {
      firstDay("--db", "jdbc:postgresql://127.0.0.1:5432/" + db + "?user=postgres");
    } finally {
      sql("drop database if exists " + db + " with (force)");
    }
  }

  @Test
  void savedFilesComeBackExactlyWithTheEmbeddedCatalog() throws Exception {
    firstDay();
  }

  private void firstDay(String... extraArgs) throws Exception {
    try (Standalone ferry = new Standalone(base, extraArgs)) {
      Path w = ferry.watch;
      Files.writeString(w.resolve("notes.txt"), "existing before the first start\n");
      Files.createDirectories(w.resolve("sub"));
      Files.writeString(w.resolve("sub/old.txt"), "will be deleted\n");
      Path script = w.resolve("run.sh");
      Files.writeString(script, "#!/bin/sh\necho hi\n");
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
      Files.writeString(w.resolve("app.log"), "line 1\n");
      Files.writeString(w.resolve("letter.txt"), "first draft\n");

      ferry.start();
      ferry.awaitQuiet();
      Ferry.Result first = Ferry.run("drain", "--now", "--data", ferry.data.toString());
      assertThat(first.exit()).as(first.toString()).isZero();
      assertThat(first.out()).contains("5 files copied");

      // In place, editor-style (write temp, rename), append, delete, new tree, a big file.
      Files.writeString(w.resolve("notes.txt"), "edited in place\n");
      Path tmp = w.resolve(".report.txt.swp");
      Files.writeString(tmp, "the report, saved the safe way\n");
      Files.move(tmp, w.resolve("report.txt"), StandardCopyOption.ATOMIC_MOVE);
      Path draft = w.resolve(".letter.txt.tmp");
      Files.writeString(draft, "second draft, replacing the first\n");
      Files.move(
          draft,
          w.resolve("letter.txt"),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      Files.writeString(w.resolve("app.log"), "line 2\n", StandardOpenOption.APPEND);
      Files.delete(w.resolve("sub/old.txt"));
      Files.createDirectories(w.resolve("new/deeper"));
      Files.writeString(w.resolve("new/a.txt"), "a\n");
      Files.writeString(w.resolve("new/deeper/b.txt"), "b\n");
      Files.createSymbolicLink(w.resolve("new/latest"), Path.of("deeper/b.txt"));
      Files.createSymbolicLink(w.resolve("new/outside"), base); // copied as a link, never entered
      Path secret = w.resolve("new/secret.txt");
      Files.writeString(secret, "only for me\n");
      Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
      byte[] big = new byte[50 << 20];
      new Random(7).nextBytes(big);
      Files.write(w.resolve("new/big.bin"), big);
      ferry.awaitQuiet();

      Ferry.Result drain = Ferry.run("drain", "--now", "--data", ferry.data.toString());
      assertThat(drain.exit()).as(drain.toString()).isZero();
      assertThat(drain.out()).contains("1 deleted");

      Path out = base.resolve("restored");
      Ferry.Result restore =
          Ferry.run("restore", "--target", ferry.target.toString(), "--to", out.toString());
      assertThat(restore.exit()).as(restore.toString()).isZero();
      Trees.assertSame(w, out.resolve("watch"));

      Path older = base.resolve("older");
      Ferry.Result restoreOld =
          Ferry.run(
              "restore",
              "--target",
              ferry.target.toString(),
              "--snapshot",
              "1",
              "--path",
              "watch/sub",
              "--to",
              older.toString());
      assertThat(restoreOld.exit()).as(restoreOld.toString()).isZero();
      assertThat(Files.readString(older.resolve("watch/sub/old.txt"), StandardCharsets.UTF_8))
          .isEqualTo("will be deleted\n");

      Ferry.Result snapshots = Ferry.run("snapshots", "--target", ferry.target.toString());
      assertThat(snapshots.exit()).as(snapshots.toString()).isZero();
      assertThat(snapshots.out().lines().count()).isEqualTo(3);

      Ferry.Result verify = Ferry.run("verify", "--target", ferry.target.toString(), "--read-data");
      assertThat(verify.exit()).as(verify.toString()).isZero();

      Ferry.Result status = Ferry.run("status", "--data", ferry.data.toString());
      assertThat(status.exit()).as(status.toString()).isZero();
      assertThat(status.out()).contains("pending copies:     0 records");
    }
  }

  static void sql(String statement) throws Exception {
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
        Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  static String read(Path p) throws IOException {
    return Files.readString(p, StandardCharsets.UTF_8);
  }
}
