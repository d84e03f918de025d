package dev.ferry.target;

import java.util.Comparator;
import java.util.Objects;

/**
 * One snapshot entry a damage breaks: restoring it fails (it is never restored wrong).
 *
 * @param snapshotId the snapshot
 * @param path the entry's path, or the empty string when the snapshot root itself is unreadable, so
 *     that every entry of it is lost (the empty string is never an entry path)
 */
public record AffectedEntry(long snapshotId, String path) implements Comparable<AffectedEntry> {
  private static final Comparator<AffectedEntry> ORDER =
      Comparator.comparingLong(AffectedEntry::snapshotId)
          .thenComparing(AffectedEntry::path, PathOrder.COMPARATOR);

  public AffectedEntry {
    Objects.requireNonNull(path, "path");
    if (!path.isEmpty()) {
      FileEntry.checkPath(path);
    }
  }

  /** Every entry of a snapshot whose root cannot be read. */
  public static AffectedEntry wholeSnapshot(long snapshotId) {
    return new AffectedEntry(snapshotId, "");
  }

  /** True when the whole snapshot is lost rather than one entry. */
  public boolean isWholeSnapshot() {
    return path.isEmpty();
  }

  /** By snapshot id, then by path in {@link PathOrder}. */
  @Override
  public int compareTo(AffectedEntry o) {
    return ORDER.compare(this, o);
  }

  /** {@code "snapshot 3: docs/a.txt"}, or {@code "snapshot 3: every entry"}. */
  @Override
  public String toString() {
    return "snapshot " + snapshotId + ": " + (isWholeSnapshot() ? "every entry" : path);
  }
}
