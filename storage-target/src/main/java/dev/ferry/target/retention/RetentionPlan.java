package dev.ferry.target.retention;

import dev.ferry.target.SnapshotInfo;
import java.time.ZoneId;
import java.util.List;

/**
 * The outcome of {@link Retention#plan}: every snapshot it was given, once, newest first within
 * each host's series, series by host name.
 */
public record RetentionPlan(KeepRules rules, ZoneId zone, List<SnapshotDecision> decisions) {
  public RetentionPlan {
    decisions = List.copyOf(decisions);
  }

  public List<SnapshotInfo> forgotten() {
    return decisions.stream().filter(d -> !d.kept()).map(SnapshotDecision::snapshot).toList();
  }

  public List<SnapshotInfo> kept() {
    return decisions.stream()
        .filter(SnapshotDecision::kept)
        .map(SnapshotDecision::snapshot)
        .toList();
  }
}
