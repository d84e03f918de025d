package dev.ferry.manager.rebuild;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * How many rows of each kind the catalog holds: whether a rebuild may write into it.
 *
 * @param hosts host rows; a manager that started on an empty catalog has added its own
 */
public record CatalogRows(long hosts, long snapshots, long chunks, long versions, long drainRuns) {

  public static CatalogRows count(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select (select count(*) from host), (select count(*) from snapshot),"
                    + " (select count(*) from chunk), (select count(*) from file_version),"
                    + " (select count(*) from drain_run)")) {
      rs.next();
      return new CatalogRows(
          rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5));
    }
  }

  public boolean isEmpty() {
    return hosts + snapshots + chunks + versions + drainRuns == 0;
  }

  @Override
  public String toString() {
    return snapshots
        + " snapshots, "
        + versions
        + " file versions, "
        + chunks
        + " chunks, "
        + drainRuns
        + " drain runs, "
        + hosts
        + " hosts";
  }
}
