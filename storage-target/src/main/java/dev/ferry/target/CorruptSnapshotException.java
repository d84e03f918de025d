package dev.ferry.target;

/** A snapshot root that fails parsing or its checksum. */
public class CorruptSnapshotException extends CorruptDataException {
  private static final long serialVersionUID = 1L;

  public CorruptSnapshotException(String file, String detail) {
    super("snapshot", file, detail);
  }
}
