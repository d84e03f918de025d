package dev.ferry.manager;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/**
 * A fresh database on the machine's PostgreSQL (127.0.0.1:5432) for one test run, dropped at the
 * end; plus fresh data, target and watch folders. Override the server with {@code FERRY_TEST_PG} (a
 * JDBC URL of a maintenance database).
 */
public class CatalogTestDatabase
    implements io.quarkus.test.common.QuarkusTestResourceLifecycleManager {
  static final String SERVER =
      System.getenv().getOrDefault("FERRY_TEST_PG", "jdbc:postgresql://127.0.0.1:5432/postgres");
  static final String USER = System.getenv().getOrDefault("FERRY_TEST_PG_USER", "postgres");

  private String name;

  @Override
  public Map<String, String> start() {
    name = "ferry_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    exec("create database " + name);
    try {
      Path root = Files.createTempDirectory("ferry-quarkus-test");
      Path watch = Files.createDirectories(root.resolve("watch"));
      return Map.of(
          "quarkus.datasource.jdbc.url",
          SERVER.substring(0, SERVER.lastIndexOf('/') + 1) + name,
          "quarkus.datasource.username",
          USER,
          "ferry.data",
          root.resolve("data").toString(),
          "ferry.target",
          root.resolve("target").toString(),
          "ferry.host-id",
          "test-host",
          "ferry.hold",
          "PT1H",
          "ferry-test.watch",
          watch.toString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void stop() {
    exec("drop database if exists " + name + " with (force)");
  }

  private static void exec(String sql) {
    try (Connection c = DriverManager.getConnection(SERVER, USER, "");
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("test catalog on " + SERVER + ": " + e.getMessage(), e);
    }
  }
}
