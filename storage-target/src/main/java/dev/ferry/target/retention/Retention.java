package dev.ferry.target.retention;

import dev.ferry.target.SnapshotInfo;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Applies {@link KeepRules} to snapshots, host by host.
 *
 * <p>How, for each host's series from the newest snapshot on: {@code last} keeps the first N; a
 * period rule keeps a snapshot when it is the newest of a period the rule has not seen yet, until
 * it has kept N. As in {@code restic forget}, when a series runs out before a period rule has kept
 * N, its oldest snapshot is kept too (reason {@code oldest}): a policy of "7 daily" on a 3-day-old
 * host keeps the first backup, which is what the user would miss most.
 *
 * <p>Pure and thread-safe.
 */
public final class Retention {
  private Retention() {}

  /**
   * @throws IllegalArgumentException if {@code rules} keeps nothing: forgetting everything is never
   *     what a policy means, and a caller who wants it can name the snapshots
   */
  public static RetentionPlan plan(List<SnapshotInfo> snapshots, KeepRules rules, ZoneId zone) {
    if (rules.isEmpty()) {
      throw new IllegalArgumentException("no keep rule given: that would forget every snapshot");
    }
    Map<String, List<SnapshotInfo>> byHost = new TreeMap<>();
    for (SnapshotInfo s : snapshots) {
      byHost.computeIfAbsent(s.host(), h -> new ArrayList<>()).add(s);
    }
    List<SnapshotDecision> out = new ArrayList<>(snapshots.size());
    for (List<SnapshotInfo> series : byHost.values()) {
      out.addAll(planSeries(series, rules, zone));
    }
    return new RetentionPlan(rules, zone, out);
  }

  private static List<SnapshotDecision> planSeries(
      List<SnapshotInfo> series, KeepRules rules, ZoneId zone) {
    List<SnapshotInfo> newestFirst = new ArrayList<>(series);
    // Ties in time are broken by id, so the plan does not depend on the listing order.
    newestFirst.sort(
        Comparator.comparing(SnapshotInfo::createdAt)
            .thenComparingLong(SnapshotInfo::id)
            .reversed());
    Map<Period, Integer> left = new EnumMap<>(rules.periods());
    Map<Period, Long> lastSeen = new EnumMap<>(Period.class);
    List<SnapshotDecision> out = new ArrayList<>(newestFirst.size());
    for (int i = 0; i < newestFirst.size(); i++) {
      SnapshotInfo s = newestFirst.get(i);
      List<String> reasons = new ArrayList<>();
      if (i < rules.last()) {
        reasons.add("last");
      }
      ZonedDateTime t = s.createdAt().atZone(zone);
      for (Map.Entry<Period, Integer> e : left.entrySet()) {
        Period p = e.getKey();
        long period = p.of(t);
        Long seen = lastSeen.get(p);
        if (e.getValue() > 0 && (seen == null || seen != period)) {
          reasons.add(p.label());
          e.setValue(e.getValue() - 1);
          lastSeen.put(p, period);
        }
      }
      out.add(new SnapshotDecision(s, reasons));
    }
    keepOldestIfShort(out, left);
    keepHighestId(out);
    return out;
  }

  /**
   * The series' highest id is the parent of its host's next copy, which cannot be forgotten; it is
   * the newest by time too unless a clock jumped back, and then it is kept with reason {@code
   * parent}.
   */
  private static void keepHighestId(List<SnapshotDecision> out) {
    int highest = 0;
    for (int i = 1; i < out.size(); i++) {
      if (out.get(i).snapshot().id() > out.get(highest).snapshot().id()) {
        highest = i;
      }
    }
    SnapshotDecision d = out.get(highest);
    if (!d.kept()) {
      out.set(highest, new SnapshotDecision(d.snapshot(), List.of("parent")));
    }
  }

  private static void keepOldestIfShort(List<SnapshotDecision> out, Map<Period, Integer> left) {
    boolean ranShort = left.values().stream().anyMatch(n -> n > 0);
    if (!ranShort || out.isEmpty()) {
      return;
    }
    int oldest = out.size() - 1;
    SnapshotDecision d = out.get(oldest);
    List<String> reasons = new ArrayList<>(d.reasons());
    reasons.add("oldest");
    out.set(oldest, new SnapshotDecision(d.snapshot(), reasons));
  }
}
