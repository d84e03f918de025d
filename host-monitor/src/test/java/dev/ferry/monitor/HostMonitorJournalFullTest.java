package dev.ferry.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.monitor.journal.BackupCache;
import dev.ferry.monitor.journal.ChangeKind;
import dev.ferry.monitor.journal.JournalDurability;
import dev.ferry.monitor.journal.JournalSettings;
import dev.ferry.monitor.testing.SmallDisk;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The journal's disk fills up while the user saves; the saves are recorded once there is room. */
class HostMonitorJournalFullTest extends MonitorTestBase {
  private static final long RESERVE = 16L << 20;

  @Test
  void savesRefusedByAFullDiskAreRecordedByTheRescanOnceThereIsRoom() throws Exception {
    try (SmallDisk disk = SmallDisk.mount(tmp.resolve("disk"), 64)) {
      cache.close();
      cache =
          BackupCache.open(
              disk.path().resolve("journal"),
              new JournalSettings(JournalDurability.GROUP_COMMIT, Duration.ofMillis(10), RESERVE));
      timings =
          new MonitorTimings(Duration.ofMinutes(5), Duration.ofDays(1), Duration.ofMillis(300));
      startQuiet("kept.txt");

      disk.fillLeaving(RESERVE / 2);
      Thread.sleep(200); // past the guard's refresh interval
      write("written-while-full.txt.tmp", "saved while the disk was full");
      Files.move(
          root.resolve("written-while-full.txt.tmp"),
          root.resolve("written-while-full.txt"),
          StandardCopyOption.ATOMIC_MOVE);
      write("kept.txt", "edited while the disk was full");
      long deadline = System.currentTimeMillis() + 10_000;
      while (monitor.health().unrecordedSaves() < 2 && System.currentTimeMillis() < deadline) {
        Thread.sleep(20);
      }
      MonitorHealth full = monitor.health();
      assertThat(full.journalFull()).isTrue();
      assertThat(full.unrecordedSaves()).isEqualTo(2);
      assertThat(full.problems()).singleElement().asString().contains("journal disk full");
      assertThat(records).isEmpty();

      disk.free();
      await(r -> r.path().equals("written-while-full.txt") && r.kind() == ChangeKind.CREATED);
      await(r -> r.path().equals("kept.txt") && r.kind() == ChangeKind.MODIFIED);
      assertThat(monitor.health().journalFull()).isFalse();
      assertThat(monitor.health().problems()).isEmpty();
    }
  }
}
