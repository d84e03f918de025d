package dev.ferry.manager.rebuild;

import org.flywaydb.core.Flyway;

/**
 * Brings a catalog database to the schema this Ferry uses, with the migrations the manager runs at
 * start ({@code db/migration}), outside Quarkus: a dropped database is created from nothing, an
 * older schema is migrated as the next manager start would.
 */
public final class CatalogSchema {
  private CatalogSchema() {}

  /**
   * Runs the pending migrations on the database at {@code jdbcUrl}.
   *
   * @param user null to take the user from the URL (or the driver's default)
   */
  public static void migrate(String jdbcUrl, String user) {
    Flyway.configure(CatalogSchema.class.getClassLoader())
        .dataSource(jdbcUrl, user, null)
        .locations("classpath:db/migration")
        .load()
        .migrate();
  }
}
