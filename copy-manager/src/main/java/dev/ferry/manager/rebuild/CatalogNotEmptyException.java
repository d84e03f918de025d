package dev.ferry.manager.rebuild;

/** The catalog holds rows and the rebuild was not told to replace them ({@code --force}). */
public final class CatalogNotEmptyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CatalogNotEmptyException(CatalogRows rows) {
    super(
        "the catalog is not empty ("
            + rows
            + "); ferry catalog rebuild --force replaces it with what the target holds");
  }
}
