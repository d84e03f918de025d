package dev.ferry.monitor.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.monitor.testing.SmallDisk;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A journal on a real 64 MiB file system that runs out of space. */
class JournalFullTest {
  private static final long RESERVE = 16L << 20;

  @TempDir Path tmp;

  @Test
  void belowTheReserveAppendsAreRefusedCleanlyAndEverythingBeforeStaysReadable() throws Exception {
    try (SmallDisk disk = SmallDisk.mount(tmp.resolve("disk"), 64)) {
      JournalSettings settings =
          new JournalSettings(JournalDurability.GROUP_COMMIT, Duration.ofMillis(10), RESERVE);
      try (BackupCache cache = BackupCache.open(disk.path().resolve("journal"), settings)) {
        List<Long> before = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
          before.add(cache.append(Records.modified("before-" + i)));
        }
        disk.fillLeaving(RESERVE / 2);
        // The free space is looked at every 100 ms while there is room; the reserve covers that.
        Thread.sleep(DiskSpaceGuard.REFRESH_NANOS / 1_000_000 + 50);
        assertThatThrownBy(() -> cache.append(Records.modified("refused")))
            .isInstanceOf(JournalFullException.class)
            .hasMessageContaining("journal disk full")
            .hasMessageContaining(disk.path().resolve("journal").toString());
        assertThat(cache.isFull()).isTrue();
        assertThat(readAll(cache)).hasSize(100);

        disk.free();
        assertThat(cache.isFull()).isFalse();
        long after = cache.append(Records.modified("after"));
        assertThat(after).isGreaterThan(before.get(99));
        assertThat(readAll(cache)).hasSize(101).last().isEqualTo("after");
      }
    }
  }

  private static List<String> readAll(BackupCache cache) {
    List<String> paths = new ArrayList<>();
    try (BackupCache.Reader r = cache.readFrom(-1)) {
      for (Optional<JournalEntry> e = r.next(); e.isPresent(); e = r.next()) {
        paths.add(e.get().record().path());
      }
    }
    return paths;
  }
}
