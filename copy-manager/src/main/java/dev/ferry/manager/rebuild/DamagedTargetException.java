package dev.ferry.manager.rebuild;

import java.util.List;

/**
 * The target has damage the catalog would inherit (a snapshot root that cannot be read, chunks
 * snapshots need but the target cannot deliver): the rebuild refuses rather than build a catalog
 * that silently lacks history. Nothing was written to the catalog.
 */
public final class DamagedTargetException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** How many damages the message names; {@code ferry verify} lists them all. */
  private static final int NAMED = 3;

  public DamagedTargetException(String target, List<String> damages) {
    super(message(target, damages));
  }

  private static String message(String target, List<String> damages) {
    String named = String.join("; ", damages.subList(0, Math.min(NAMED, damages.size())));
    String more = damages.size() > NAMED ? " and " + (damages.size() - NAMED) + " more" : "";
    return "target "
        + target
        + " is damaged, the catalog was not changed: "
        + named
        + more
        + " (run ferry verify --target "
        + target
        + "; forget the damaged snapshots, then rebuild again)";
  }
}
