package dev.ferry.target;

import java.util.List;
import java.util.Objects;

/**
 * A snapshot: its summary and every entry (files and links), sorted by path in {@link PathOrder}.
 */
public record Snapshot(SnapshotInfo info, List<FileEntry> entries) {
  public Snapshot {
    Objects.requireNonNull(info, "info");
    entries = List.copyOf(entries);
  }
}
