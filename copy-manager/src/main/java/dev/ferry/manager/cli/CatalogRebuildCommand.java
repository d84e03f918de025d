package dev.ferry.manager.cli;

import dev.ferry.manager.rebuild.CatalogRebuild;
import dev.ferry.manager.rebuild.CatalogSchema;
import dev.ferry.manager.rebuild.RebuildResult;
import dev.ferry.manager.standalone.DataDirLock;
import dev.ferry.manager.standalone.EmbeddedCatalog;
import dev.ferry.target.DiskTarget;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ferry catalog rebuild --target DIR (--data DIR | --db JDBC_URL) [--force]}: the catalog
 * reconstructed from the target alone (decision 0012). Runs without Quarkus, on the database
 * directly: the manager must not run meanwhile, and with {@code --data} cannot (the data folder's
 * lock is held).
 */
@Command(
    name = "rebuild",
    description =
        "Rebuild a lost catalog from the storage target: snapshots, file versions, block maps,"
            + " chunks. Stop the manager first.")
final class CatalogRebuildCommand implements Callable<Integer> {
  /**
   * Flyway's INFO lines (one per migration, and "up to date" every run) would bury the summary; its
   * warnings and errors still show. Held here: java.util.logging keeps loggers weakly.
   */
  private static final Logger FLYWAY = Logger.getLogger("org.flywaydb");

  @Spec CommandSpec spec;

  @Mixin TargetOption target;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description =
          "data folder of the standalone Ferry: its embedded catalog (unless --db), and its lock")
  Path data;

  @Option(
      names = "--db",
      paramLabel = "JDBC_URL",
      description = "catalog on this PostgreSQL server (jdbc:postgresql://…?user=…)")
  String db;

  @Option(names = "--force", description = "replace a catalog that is not empty")
  boolean force;

  @Override
  public Integer call() throws Exception {
    if (data == null && db == null) {
      throw new ParameterException(
          spec.commandLine(),
          "give --data DIR (the standalone's embedded catalog) or --db JDBC_URL");
    }
    if (db != null && !db.startsWith("jdbc:postgresql:")) {
      throw new ParameterException(
          spec.commandLine(), "--db " + db + ": not a jdbc:postgresql: URL");
    }
    StderrLog.install();
    FLYWAY.setLevel(Level.WARNING);
    if (data == null) {
      return rebuild(db, null);
    }
    try (DataDirLock lock = lock(data)) {
      if (db != null) {
        return rebuild(db, null);
      }
      try (EmbeddedCatalog catalog =
          EmbeddedCatalog.start(data.resolve("catalog"), data.resolve("catalog.log"))) {
        return rebuild(catalog.jdbcUrl(), catalog.user());
      }
    }
  }

  private static DataDirLock lock(Path data) throws IOException {
    try {
      return DataDirLock.acquire(data);
    } catch (IOException e) {
      // Not chained: the one-line error names the deepest cause, and this is the message to see.
      throw new IOException(
          "a Ferry is running with --data " + data + ": stop it before rebuilding its catalog");
    }
  }

  private int rebuild(String url, String user) throws IOException, SQLException {
    try (DiskTarget t = target.open()) {
      CatalogSchema.migrate(url, user);
      Properties p = new Properties();
      if (user != null) {
        p.setProperty("user", user);
      }
      p.setProperty("reWriteBatchedInserts", "true");
      try (Connection c = DriverManager.getConnection(url, p)) {
        print(t, CatalogRebuild.run(t, c, force));
      }
    }
    return 0;
  }

  private static void print(DiskTarget t, RebuildResult r) {
    System.out.printf(
        "rebuilt the catalog from %s: %d snapshots of %d host(s), %d files (%d versions), %d chunks"
            + " (%d bytes read to fingerprint them) in %.1f s (check %.1f s, roots %.1f s, chunks"
            + " %.1f s, catalog %.1f s)%n",
        t.dir(),
        r.snapshots(),
        r.hosts(),
        r.files(),
        r.versions(),
        r.chunks(),
        r.bytesRead(),
        r.millis() / 1000.0,
        r.timings().check() / 1000.0,
        r.timings().roots() / 1000.0,
        r.timings().chunks() / 1000.0,
        r.timings().catalog() / 1000.0);
    if (!r.replaced().isEmpty()) {
      System.out.printf("replaced what the catalog held: %s%n", r.replaced());
    }
    if (r.parentsMissing() > 0) {
      System.out.printf(
          "%d snapshots name a parent no longer on the target (forgotten): their parent is left"
              + " empty%n",
          r.parentsMissing());
    }
    System.out.println(
        "not on the target, so not restored: drain runs, skipped files, device/inode/save times,"
            + " watched roots; the next drain starts after the journal's acknowledgement");
  }
}
