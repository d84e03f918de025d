package dev.ferry.target;

/**
 * Prune found the target in a state where it cannot tell what is in use (an index file or snapshot
 * root it cannot read, a snapshot referencing a chunk no index holds, a used chunk that fails its
 * hash) and removed nothing. {@code ferry verify} names the damage.
 */
public class PruneRefusedException extends java.io.IOException {
  private static final long serialVersionUID = 1L;

  public PruneRefusedException(String why, Throwable cause) {
    super("prune refused, nothing was removed: " + why + " (run ferry verify)", cause);
  }
}
