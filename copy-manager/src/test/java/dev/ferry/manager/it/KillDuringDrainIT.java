package dev.ferry.manager.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of {@code ferry standalone} in the middle of a drain (embedded catalog), then restart and
 * drain: nothing lost, no duplicate catalog rows, the target verifies.
 */
class KillDuringDrainIT {
  @TempDir Path base;

  @Test
  void aDrainKilledHalfWayIsCompletedAfterRestartWithoutLossOrDuplicates() throws Exception {
    Standalone ferry = new Standalone(base);
    Random random = new Random(11);
    for (int i = 0; i < 400; i++) {
      byte[] b = new byte[64 * 1024 + random.nextInt(256 * 1024)];
      random.nextBytes(b);
      Path f = ferry.watch.resolve("d" + (i % 20) + "/f" + i + ".bin");
      Files.createDirectories(f.getParent());
      Files.write(f, b);
    }
    ferry.start();
    ferry.awaitQuiet();

    Process drain =
        Ferry.start(base.resolve("drain.log"), "drain", "--now", "--data", ferry.data.toString());
    awaitDrainRunning(ferry);
    ferry.kill9();
    drain.waitFor(60, TimeUnit.SECONDS);
    assertThat(drain.exitValue()).as("the client sees the manager die").isNotZero();

    try (Standalone again = new Standalone(base)) {
      again.start();
      Ferry.Result r = Ferry.run("drain", "--now", "--data", again.data.toString());
      assertThat(r.exit()).as(r + "\n" + again.logText()).isZero();

      Path out = base.resolve("restored");
      Ferry.Result restore =
          Ferry.run("restore", "--target", again.target.toString(), "--to", out.toString());
      assertThat(restore.exit()).as(restore.toString()).isZero();
      Trees.assertSame(again.watch, out.resolve("watch"));

      Ferry.Result verify = Ferry.run("verify", "--target", again.target.toString(), "--read-data");
      assertThat(verify.exit()).as(verify.toString()).isZero();

      try (Connection c = embeddedCatalog(again.data)) {
        assertThat(
                count(
                    c,
                    "select count(*) from (select hash from chunk group by hash having count(*) > 1) d"))
            .isZero();
        assertThat(
                count(
                    c,
                    "select count(*) from (select path from watched_file group by host_id, path having count(*) > 1) d"))
            .isZero();
        assertThat(
                count(
                    c,
                    "select count(*) from (select file_id from file_version where superseded_snapshot_id is null group by file_id having count(*) > 1) d"))
            .isZero();
        assertThat(
                count(c, "select count(*) from file_version where superseded_snapshot_id is null"))
            .isEqualTo(400);
        assertThat(count(c, "select count(*) from drain_run where outcome = 'interrupted'"))
            .isEqualTo(1);
      }
    } finally {
      ferry.close();
    }
  }

  private static void awaitDrainRunning(Standalone ferry) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      for (var run : ferry.status().path("lastRuns")) {
        if ("running".equals(run.path("outcome").asText())) {
          Thread.sleep(300);
          return;
        }
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("no drain started:\n" + ferry.logText());
  }

  /** The embedded server's port is line 4 of its postmaster.pid. */
  private static Connection embeddedCatalog(Path data) throws Exception {
    List<String> pid =
        Files.readAllLines(data.resolve("catalog/postmaster.pid"), StandardCharsets.UTF_8);
    return DriverManager.getConnection(
        "jdbc:postgresql://localhost:" + pid.get(3).trim() + "/postgres", "postgres", "");
  }

  private static long count(Connection c, String sql) throws Exception {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
