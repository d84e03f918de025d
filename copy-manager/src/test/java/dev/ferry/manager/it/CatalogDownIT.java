package dev.ferry.manager.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalog database goes away between saves and the drain: the drain fails with a clear reason,
 * keeps every record, and copies them all once the database is back.
 */
class CatalogDownIT {
  @TempDir Path base;

  @Test
  void aDrainWhileTheCatalogIsDownFailsCleanlyAndLosesNothing() throws Exception {
    String db = "ferry_down_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    StandaloneEndToEndIT.sql("create database " + db);
    try (Standalone ferry =
        new Standalone(base, "--db", "jdbc:postgresql://127.0.0.1:5432/" + db + "?user=postgres")) {
      Files.writeString(ferry.watch.resolve("before.txt"), "copied before the outage\n");
      ferry.start();
      ferry.awaitQuiet();
      assertThat(Ferry.run("drain", "--now", "--data", ferry.data.toString()).exit()).isZero();

      Files.writeString(ferry.watch.resolve("during.txt"), "saved while the catalog is down\n");
      Files.writeString(ferry.watch.resolve("before.txt"), "edited while the catalog is down\n");
      ferry.awaitQuiet();
      StandaloneEndToEndIT.sql("alter database " + db + " allow_connections false");
      StandaloneEndToEndIT.sql(
          "select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + db + "'");

      Ferry.Result down = Ferry.run("drain", "--now", "--data", ferry.data.toString());
      assertThat(down.exit()).as(down.toString()).isNotZero();
      assertThat(down.err().strip().lines().count()).as(down.toString()).isEqualTo(1);
      assertThat(down.err()).as(down.toString()).contains("not currently accepting connections");
      Ferry.Result status = Ferry.run("status", "--data", ferry.data.toString());
      assertThat(status.exit()).isNotZero();
      assertThat(status.err()).contains("catalog unreachable");

      StandaloneEndToEndIT.sql("alter database " + db + " allow_connections true");
      Ferry.Result up = Ferry.run("drain", "--now", "--data", ferry.data.toString());
      assertThat(up.exit()).as(up + "\n" + ferry.logText()).isZero();
      assertThat(up.out()).contains("2 files copied");

      Path out = base.resolve("restored");
      assertThat(
              Ferry.run("restore", "--target", ferry.target.toString(), "--to", out.toString())
                  .exit())
          .isZero();
      Trees.assertSame(ferry.watch, out.resolve("watch"));
    } finally {
      StandaloneEndToEndIT.sql("alter database " + db + " allow_connections true");
      StandaloneEndToEndIT.sql("drop database if exists " + db + " with (force)");
    }
  }
}
