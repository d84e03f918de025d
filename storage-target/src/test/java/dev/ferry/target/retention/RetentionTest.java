package dev.ferry.target.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.target.SnapshotInfo;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetentionTest {
  private static final ZoneId UTC = ZoneOffset.UTC;

  private static SnapshotInfo snap(long id, String when, String host) {
    return new SnapshotInfo(id, OptionalLong.empty(), Instant.parse(when), host, 1, 1);
  }

  private static SnapshotInfo snap(long id, String when) {
    return snap(id, when, "ws1");
  }

  private static List<Long> keptIds(RetentionPlan plan) {
    return plan.kept().stream().map(SnapshotInfo::id).sorted().toList();
  }

  private static KeepRules last(int n) {
    return new KeepRules(n, 0, 0, 0, 0, 0);
  }

  private static KeepRules daily(int n) {
    return new KeepRules(0, 0, n, 0, 0, 0);
  }

  @Test
  void keepLastKeepsTheNewestByTimeWhateverTheListingOrder() {
    List<SnapshotInfo> all = new ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      all.add(snap(i, "2026-11-0" + i + "T10:00:00Z"));
    }
    Collections.shuffle(all, new Random(7));
    RetentionPlan plan = Retention.plan(all, last(2), UTC);
    assertThat(keptIds(plan)).containsExactly(5L, 6L);
    assertThat(plan.forgotten()).hasSize(4);
  }

  @Test
  void dailyKeepsTheNewestOfEachDayForTheLastDaysThatHaveOne() {
    List<SnapshotInfo> all =
        List.of(
            snap(1, "2026-11-01T08:00:00Z"),
            snap(2, "2026-11-01T20:00:00Z"), // newest of Nov 1
            snap(3, "2026-11-03T09:00:00Z"), // Nov 2 has none: not counted
            snap(4, "2026-11-03T23:59:59Z"), // newest of Nov 3
            snap(5, "2026-11-04T00:00:00Z")); // Nov 4
    assertThat(keptIds(Retention.plan(all, daily(2), UTC))).containsExactly(4L, 5L);
    assertThat(keptIds(Retention.plan(all, daily(3), UTC))).containsExactly(2L, 4L, 5L);
  }

  @Test
  void aSeriesShorterThanAPeriodRuleAlsoKeepsItsOldestSnapshot() {
    List<SnapshotInfo> all =
        List.of(
            snap(1, "2026-11-01T08:00:00Z"),
            snap(2, "2026-11-01T20:00:00Z"),
            snap(3, "2026-11-02T09:00:00Z"));
    RetentionPlan plan = Retention.plan(all, daily(7), UTC);
    assertThat(keptIds(plan)).containsExactly(1L, 2L, 3L);
    SnapshotDecision oldest =
        plan.decisions().stream().filter(d -> d.snapshot().id() == 1).findFirst().orElseThrow();
    assertThat(oldest.reasons()).containsExactly("oldest");
  }

  @Test
  void weeksAreIsoWeeksAcrossTheYearEnd() {
    // 2026-12-28 (Mon) to 2027-01-03 (Sun) is ISO week 2026-W53; 2027-01-04 starts 2027-W01.
    List<SnapshotInfo> all =
        List.of(
            snap(1, "2026-12-27T12:00:00Z"), // Sunday of W52
            snap(2, "2026-12-28T12:00:00Z"),
            snap(3, "2027-01-03T12:00:00Z"), // newest of W53, in another calendar year
            snap(4, "2027-01-04T12:00:00Z"));
    KeepRules weekly = new KeepRules(0, 0, 0, 3, 0, 0);
    assertThat(keptIds(Retention.plan(all, weekly, UTC))).containsExactly(1L, 3L, 4L);
  }

  @Test
  void periodsFollowTheZoneThePlanIsMadeFor() {
    List<SnapshotInfo> all =
        List.of(snap(1, "2026-11-01T22:30:00Z"), snap(2, "2026-11-01T23:30:00Z"));
    assertThat(keptIds(Retention.plan(all, daily(2), UTC))).containsExactly(1L, 2L); // oldest
    // In Berlin (UTC+1 in November) the second one is on Nov 2: two days, two kept by "daily".
    RetentionPlan berlin = Retention.plan(all, daily(2), ZoneId.of("Europe/Berlin"));
    assertThat(berlin.decisions())
        .allSatisfy(d -> assertThat(d.reasons()).containsExactly("daily"));
  }

  @Test
  void eachHostIsItsOwnSeries() {
    List<SnapshotInfo> all = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      all.add(snap(i, "2026-11-0" + i + "T10:00:00Z", "busy"));
    }
    all.add(snap(9, "2026-10-01T10:00:00Z", "quiet"));
    assertThat(keptIds(Retention.plan(all, last(2), UTC))).containsExactly(4L, 5L, 9L);
  }

  @Test
  void aSnapshotKeptByAnyRuleSurvivesAndNamesEveryRule() {
    List<SnapshotInfo> all = new ArrayList<>();
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    for (int i = 0; i < 400; i++) {
      all.add(
          new SnapshotInfo(i, OptionalLong.empty(), t0.plus(Duration.ofHours(24L * i)), "h", 1, 1));
    }
    KeepRules rules = new KeepRules(1, 0, 7, 4, 12, 2);
    RetentionPlan plan = Retention.plan(all, rules, UTC);
    SnapshotDecision newest = plan.decisions().get(0);
    assertThat(newest.snapshot().id()).isEqualTo(399);
    assertThat(newest.reasons()).containsExactly("last", "daily", "weekly", "monthly", "yearly");
    // 7 daily (393..399), then weekly/monthly/yearly pick older ones; every kept one has a reason.
    assertThat(plan.kept()).hasSizeBetween(7, 1 + 7 + 4 + 12 + 2);
    assertThat(plan.decisions()).hasSize(400);
    assertThat(keptIds(plan)).contains(393L, 399L);
  }

  @Test
  void agreesWithTheRulesStatedPeriodByPeriodOnRandomHistories() {
    Random rnd = new Random(20261202);
    for (int run = 0; run < 200; run++) {
      List<SnapshotInfo> all = new ArrayList<>();
      Instant t = Instant.parse("2025-06-01T00:00:00Z");
      int n = 1 + rnd.nextInt(120);
      for (int i = 0; i < n; i++) {
        t = t.plus(Duration.ofMinutes(1 + rnd.nextInt(60 * 24 * 10)));
        all.add(new SnapshotInfo(i, OptionalLong.empty(), t, "h", 1, 1));
      }
      KeepRules rules =
          new KeepRules(
              rnd.nextInt(4),
              rnd.nextInt(5),
              rnd.nextInt(8),
              rnd.nextInt(5),
              rnd.nextInt(13),
              rnd.nextInt(3));
      if (rules.isEmpty()) {
        continue;
      }
      assertThat(keptIds(Retention.plan(all, rules, UTC)))
          .as("run %d, %s", run, rules)
          .isEqualTo(statedKeep(all, rules));
    }
  }

  /**
   * The rules as a user reads them, computed another way: per rule, the distinct periods that have
   * a snapshot, newest N of them, and the newest snapshot of each; plus the N newest; plus the
   * oldest snapshot when some rule found fewer than N periods.
   */
  private static List<Long> statedKeep(List<SnapshotInfo> all, KeepRules rules) {
    java.util.Set<Long> keep = new java.util.TreeSet<>();
    List<SnapshotInfo> byTime = new ArrayList<>(all);
    byTime.sort(java.util.Comparator.comparing(SnapshotInfo::createdAt));
    for (int i = 0; i < rules.last() && i < byTime.size(); i++) {
      keep.add(byTime.get(byTime.size() - 1 - i).id());
    }
    boolean ranShort = false;
    for (var rule : rules.periods().entrySet()) {
      java.util.TreeMap<Long, SnapshotInfo> newestPerPeriod = new java.util.TreeMap<>();
      for (SnapshotInfo s : byTime) {
        newestPerPeriod.put(rule.getKey().of(s.createdAt().atZone(UTC)), s);
      }
      newestPerPeriod.descendingMap().values().stream()
          .limit(rule.getValue())
          .forEach(s -> keep.add(s.id()));
      ranShort |= newestPerPeriod.size() < rule.getValue();
    }
    if (ranShort) {
      keep.add(byTime.get(0).id());
    }
    return List.copyOf(keep);
  }

  @Test
  void afterAClockJumpTheHighestIdIsKeptAsTheNextCopysParent() {
    List<SnapshotInfo> all =
        List.of(
            snap(1, "2026-11-01T10:00:00Z"),
            snap(2, "2026-11-05T10:00:00Z"),
            snap(3, "2026-11-02T10:00:00Z")); // written after 2, with the clock set back
    RetentionPlan plan = Retention.plan(all, last(1), UTC);
    assertThat(keptIds(plan)).containsExactly(2L, 3L);
    assertThat(plan.decisions().get(1).reasons()).containsExactly("parent");
  }

  @Test
  void aPolicyWithNoRuleIsRefusedRatherThanForgettingEverything() {
    assertThatThrownBy(() -> Retention.plan(List.of(), new KeepRules(0, 0, 0, 0, 0, 0), UTC))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("every snapshot");
  }

  @Test
  void negativeCountsAreRefusedNamingTheRule() {
    assertThatThrownBy(() -> new KeepRules(0, 0, -1, 0, 0, 0)).hasMessageContaining("keep-daily");
  }
}
