package dev.ferry.bench.compare;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Runs SQL through the {@code sqlite3} command-line shell, the way an application's own writes
 * would change its database file: in place, page by page, with a rollback journal beside it. The
 * shell's {@code sha3()} gives deterministic row contents without a JDBC driver.
 */
final class Sqlite {
  private Sqlite() {}

  static void run(Path database, String sql) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder("sqlite3", "-batch", "-bail", database.toString())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD) // PRAGMA answers
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(sql.getBytes(StandardCharsets.UTF_8));
    }
    int rc = p.waitFor();
    if (rc != 0) {
      throw new IOException("sqlite3 " + database + " exited with " + rc);
    }
  }

  /** The schema and {@code rows} customers; each row about 300 bytes with its index entry. */
  static String createSql(int rows) {
    return """
        PRAGMA page_size = 4096;
        PRAGMA journal_mode = DELETE;
        CREATE TABLE customer (
          id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL,
          notes TEXT NOT NULL, balance INTEGER NOT NULL, updated INTEGER NOT NULL);
        BEGIN;
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d)
        INSERT INTO customer
          SELECT i, 'customer ' || i, lower(hex(substr(sha3(i), 1, 10))) || '@example.com',
                 hex(sha3('a' || i)) || ' ' || hex(sha3('b' || i)) || ' ' || hex(sha3('c' || i)),
                 (i * 7919) %% 100003, 1767225600 + i
          FROM n;
        COMMIT;
        CREATE INDEX customer_email ON customer(email);
        """
        .formatted(rows);
  }
}
