package dev.ferry.target;

/** No snapshot with this id on the target. */
public class SnapshotNotFoundException extends java.io.IOException {
  private static final long serialVersionUID = 1L;

  public SnapshotNotFoundException(long id, java.nio.file.Path dir) {
    this(id, dir.toString());
  }

  /** {@code where}: the target, as a message names it. */
  public SnapshotNotFoundException(long id, String where) {
    super("snapshot " + id + " not found in " + where);
  }
}
