package dev.ferry.monitor.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import net.openhft.chronicle.core.time.SetTimeProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal keeps what the copy manager has not acknowledged or the agent still needs. */
class JournalTrimTest {
  private static final long DAY_MS = TimeUnit.DAYS.toMillis(1);
  private static final JournalSettings SETTINGS =
      new JournalSettings(JournalDurability.PROCESS_CRASH, Duration.ofMillis(10), 0);

  @TempDir Path dir;

  /** Appends one record on each of {@code days} consecutive days; returns their indexes. */
  private static List<Long> oneRecordADay(BackupCache cache, SetTimeProvider clock, int days) {
    List<Long> indexes = new ArrayList<>();
    for (int d = 0; d < days; d++) {
      clock.currentTimeMillis(1_764_547_200_000L + d * DAY_MS); // 2025-12-01 onwards, UTC noon-ish
      indexes.add(cache.append(Records.modified("day" + d + ".txt")));
    }
    return indexes;
  }

  @Test
  void acknowledgedAndNoLongerRetainedDaysAreDeletedAndReadingStillWorks() throws Exception {
    SetTimeProvider clock = new SetTimeProvider(1_764_547_200_000L);
    try (BackupCache cache = BackupCache.open(dir, SETTINGS, clock)) {
      List<Long> idx = oneRecordADay(cache, clock, 4);
      assertThat(cache.cycleFiles()).isEqualTo(4);

      cache.acknowledge(idx.get(2));
      assertThat(cache.cycleFiles()).as("the agent retains everything so far").isEqualTo(4);

      cache.retainFrom(idx.get(2));
      assertThat(cache.cycleFiles()).as("days 0 and 1 go; day 2 holds the bound").isEqualTo(2);

      try (BackupCache.Reader r = cache.readFrom(idx.get(2))) {
        Optional<JournalEntry> e = r.next();
        assertThat(e).hasValueSatisfying(x -> assertThat(x.record().path()).isEqualTo("day3.txt"));
        assertThat(r.next()).isEmpty();
      }
      assertThat(cache.crcAt(idx.get(2))).isPresent();
      assertThat(cache.crcAt(idx.get(0))).isEmpty();
    }
  }

  @Test
  void theCycleBeingAppendedToIsNeverDeleted() throws Exception {
    SetTimeProvider clock = new SetTimeProvider(1_764_547_200_000L);
    try (BackupCache cache = BackupCache.open(dir, SETTINGS, clock)) {
      List<Long> idx = oneRecordADay(cache, clock, 2);
      cache.acknowledge(idx.get(1));
      cache.retainFrom(idx.get(1));
      assertThat(cache.cycleFiles()).isEqualTo(1);
      long next = cache.append(Records.modified("same-day.txt"));
      assertThat(next).isGreaterThan(idx.get(1));
    }
  }

  @Test
  void theAcknowledgementSurvivesARestartAndNeverGoesBack() throws Exception {
    SetTimeProvider clock = new SetTimeProvider(1_764_547_200_000L);
    List<Long> idx;
    try (BackupCache cache = BackupCache.open(dir, SETTINGS, clock)) {
      idx = oneRecordADay(cache, clock, 3);
      cache.acknowledge(idx.get(2));
      cache.acknowledge(idx.get(0)); // a late, older acknowledgement
      assertThat(cache.acknowledged()).isEqualTo(idx.get(2));
    }
    try (BackupCache cache = BackupCache.open(dir, SETTINGS, clock)) {
      assertThat(cache.acknowledged()).isEqualTo(idx.get(2));
      cache.retainFrom(idx.get(2));
      assertThat(cache.cycleFiles()).isEqualTo(1);
    }
  }

  @Test
  void nothingIsTrimmedBeforeTheCopyManagerAcknowledges() throws Exception {
    SetTimeProvider clock = new SetTimeProvider(1_764_547_200_000L);
    try (BackupCache cache = BackupCache.open(dir, SETTINGS, clock)) {
      List<Long> idx = oneRecordADay(cache, clock, 3);
      cache.retainFrom(idx.get(2));
      assertThat(cache.cycleFiles()).isEqualTo(3);
    }
  }
}
