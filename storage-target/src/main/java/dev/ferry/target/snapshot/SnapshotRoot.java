package dev.ferry.target.snapshot;

import dev.ferry.target.FileEntry;
import dev.ferry.target.SnapshotInfo;
import java.util.List;
import java.util.Objects;

/**
 * A parsed snapshot root. Versions 1 and 2 hold their entries inline; version 3 holds a table of
 * {@link SegmentRef}s instead, whose files hold the entries. Exactly one of the lists is used.
 */
public record SnapshotRoot(
    int version, SnapshotInfo info, List<FileEntry> inline, List<SegmentRef> segments) {
  public SnapshotRoot {
    Objects.requireNonNull(info, "info");
    inline = List.copyOf(inline);
    segments = List.copyOf(segments);
  }

  /** True when the entries live in segment files. */
  public boolean isSegmented() {
    return version >= SnapshotCodec.FIRST_SEGMENTED_VERSION;
  }
}
