package dev.ferry.target.retention;

import dev.ferry.target.SnapshotInfo;
import java.util.List;
import java.util.Objects;

/**
 * What a retention plan does with one snapshot.
 *
 * @param reasons why it is kept, e.g. {@code last}, {@code daily}, {@code oldest}; empty if it is
 *     forgotten
 */
public record SnapshotDecision(SnapshotInfo snapshot, List<String> reasons) {
  public SnapshotDecision {
    Objects.requireNonNull(snapshot, "snapshot");
    reasons = List.copyOf(reasons);
  }

  public boolean kept() {
    return !reasons.isEmpty();
  }
}
