package dev.ferry.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.monitor.journal.BackupCache;
import dev.ferry.monitor.journal.ChangeKind;
import dev.ferry.monitor.journal.ChangeRecord;
import dev.ferry.monitor.journal.JournalDurability;
import dev.ferry.monitor.journal.JournalSettings;
import dev.ferry.monitor.journal.Journals;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.openhft.chronicle.core.time.SetTimeProvider;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/** Restarts against the file-state checkpoint and a journal that was trimmed or replaced. */
class HostMonitorRestartTest extends MonitorTestBase {
  private static final long DAY_MS = TimeUnit.DAYS.toMillis(1);

  private final SetTimeProvider clock = new SetTimeProvider(1_764_547_200_000L);

  private void useJournalOnTestClock() throws Exception {
    cache.close();
    cache =
        Journals.open(
            tmp.resolve("cache"),
            new JournalSettings(JournalDurability.PROCESS_CRASH, Duration.ofMillis(10), 0),
            clock);
  }

  private void nextDay() {
    clock.currentTimeMillis(clock.currentTimeMillis() + DAY_MS);
  }

  @Test
  void afterOldDaysWereAcknowledgedAndTrimmedARestartRecordsOnlyWhatChanged() throws Exception {
    useJournalOnTestClock();
    startQuiet("a.txt", "b.txt", "c.txt"); // day 0: the initial scan's records
    stop(); // a checkpoint at every clean stop
    for (String edited : new String[] {"a.txt", "b.txt"}) { // days 1 and 2: one edit each
      nextDay();
      start();
      write(edited, "edited on a later day");
      await(r -> r.path().equals(edited) && r.kind() == ChangeKind.MODIFIED);
      stop();
    }
    cache.acknowledge(cache.lastIndex()); // the copy manager copied everything
    assertThat(cache.cycleFiles()).as("day 0 is acknowledged and covered: deleted").isEqualTo(2);

    nextDay();
    write("c.txt", "edited while the agent was stopped");
    records.clear();
    start();
    awaitSentinel();
    assertThat(records)
        .extracting(ChangeRecord::path, ChangeRecord::kind)
        .containsExactly(Tuple.tuple("c.txt", ChangeKind.MODIFIED));
  }

  @Test
  void aHardLinkMadeWhileStoppedGivesCreatedForItAndNothingForTheFileWhoseCtimeMoved()
      throws Exception {
    startQuiet("report.txt");
    stop();
    Files.createLink(root.resolve("report-link.txt"), root.resolve("report.txt"));
    start();
    awaitSentinel();
    assertThat(records)
        .extracting(ChangeRecord::path, ChangeRecord::kind)
        .containsExactly(Tuple.tuple("report-link.txt", ChangeKind.CREATED));
  }

  @Test
  void aLostJournalMakesTheAgentRecordEveryFileAgain() throws Exception {
    startQuiet("a.txt", "b.txt");
    stop();
    cache.close();
    try (Stream<Path> files = Files.list(tmp.resolve("cache"))) {
      for (Path p : files.toList()) {
        Files.delete(p);
      }
    }
    cache = BackupCache.open(tmp.resolve("cache"));
    start();
    awaitSentinel();
    assertThat(records)
        .extracting(ChangeRecord::path, ChangeRecord::kind)
        .containsExactlyInAnyOrder(
            Tuple.tuple("a.txt", ChangeKind.CREATED),
            Tuple.tuple("b.txt", ChangeKind.CREATED),
            Tuple.tuple("sentinel-1.txt", ChangeKind.CREATED));
  }

  @Test
  void aStartKilledDuringItsInitialScanLosesNoDeleteOrRenameMadeWhileStopped() throws Exception {
    startQuiet("kept.txt", "deleted.txt", "a/moved.txt");
    stop();
    // What a kill -9 during the initial scan leaves: the scan's records are in the journal, the
    // marker that says the scan finished is not.
    Files.delete(state.resolve(HostMonitor.SCANNED_ROOTS));
    Files.delete(root.resolve("deleted.txt"));
    Files.createDirectories(root.resolve("b"));
    Files.move(root.resolve("a/moved.txt"), root.resolve("b/moved.txt"));
    start();
    awaitSentinel();
    assertThat(records)
        .extracting(ChangeRecord::path, ChangeRecord::kind, ChangeRecord::renamedFrom)
        .containsExactlyInAnyOrder(
            Tuple.tuple("deleted.txt", ChangeKind.DELETED, null),
            Tuple.tuple("b/moved.txt", ChangeKind.RENAMED, "a/moved.txt"));
  }

  @Test
  void aDamagedCheckpointFallsBackWithoutLosingAChangeMadeWhileStopped() throws Exception {
    startQuiet("a.txt", "b.txt");
    stop();
    start();
    write("a.txt", "second run");
    await(r -> r.path().equals("a.txt"));
    stop();
    try (Stream<Path> s = Files.list(state)) {
      Path newest = s.filter(p -> p.toString().endsWith(".fsi")).sorted().reduce((x, y) -> y).get();
      byte[] bytes = Files.readAllBytes(newest);
      bytes[bytes.length - 20] ^= 1;
      Files.write(newest, bytes);
    }
    write("b.txt", "while stopped");
    records.clear();
    start();
    awaitSentinel();
    assertThat(records)
        .extracting(ChangeRecord::path, ChangeRecord::kind)
        .containsExactly(Tuple.tuple("b.txt", ChangeKind.MODIFIED));
  }
}
