package dev.ferry.manager.standalone;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL server (from the zonky binaries on Maven Central) owned by this process, its
 * cluster kept under {@code --data}.
 *
 * <p>Durability: zonky starts servers for throw-away test databases (fsync and synchronous commit
 * off); the catalog is not throw-away, so both are switched back on here.
 */
public final class EmbeddedCatalog implements AutoCloseable {
  private final EmbeddedPostgres pg;

  private EmbeddedCatalog(EmbeddedPostgres pg) {
    this.pg = pg;
  }

  public static EmbeddedCatalog start(Path clusterDir, Path logFile) throws IOException {
    Files.createDirectories(clusterDir);
    stopOrphanedServer(clusterDir);
    EmbeddedPostgres pg =
        EmbeddedPostgres.builder()
            .setDataDirectory(clusterDir)
            .setCleanDataDirectory(false)
            .setServerConfig("fsync", "on")
            .setServerConfig("synchronous_commit", "on")
            .setServerConfig("full_page_writes", "on")
            .setServerConfig("max_connections", "50")
            .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
            .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
            .start();
    requireDurable(pg);
    return new EmbeddedCatalog(pg);
  }

  /** Refuses to run a catalog that could lose committed drains on a power cut. */
  private static void requireDurable(EmbeddedPostgres pg) throws IOException {
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      for (String setting : new String[] {"fsync", "synchronous_commit", "full_page_writes"}) {
        try (ResultSet rs = s.executeQuery("show " + setting)) {
          rs.next();
          if (!"on".equals(rs.getString(1))) {
            pg.close();
            throw new IOException(
                "embedded catalog started with " + setting + "=" + rs.getString(1));
          }
        }
      }
    } catch (SQLException e) {
      pg.close();
      throw new IOException("embedded catalog does not answer: " + e.getMessage(), e);
    }
  }

  public String jdbcUrl() {
    return pg.getJdbcUrl("postgres", "postgres");
  }

  public String user() {
    return "postgres";
  }

  /**
   * A server left running by a Ferry that was killed (kill -9 does not reach the postmaster) holds
   * the cluster's lock: ask it for a fast shutdown (SIGINT) before starting our own.
   */
  static void stopOrphanedServer(Path clusterDir) throws IOException {
    Optional<ProcessHandle> orphan = postmaster(clusterDir);
    if (orphan.isEmpty()) {
      return;
    }
    long pid = orphan.get().pid();
    signal("-INT", pid);
    try {
      orphan.get().onExit().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      signal("-QUIT", pid);
      try {
        orphan.get().onExit().get(10, TimeUnit.SECONDS);
      } catch (Exception again) {
        throw new IOException(
            "catalog server left running by an earlier Ferry (pid "
                + pid
                + ") does not stop; stop it, then start again",
            again);
      }
    }
  }

  private static Optional<ProcessHandle> postmaster(Path clusterDir) throws IOException {
    Path pidFile = clusterDir.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return Optional.empty();
    }
    List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
    if (lines.size() < 2) {
      return Optional.empty();
    }
    long pid;
    try {
      pid = Long.parseLong(lines.get(0).trim());
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
  }

  private static void signal(String sig, long pid) throws IOException {
    try {
      new ProcessBuilder("kill", sig, Long.toString(pid)).inheritIO().start().waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while stopping the orphaned catalog server", e);
    }
  }

  @Override
  public void close() throws IOException {
    pg.close();
  }
}
