package dev.ferry.monitor.journal;

import java.io.IOException;
import java.nio.file.Path;
import net.openhft.chronicle.core.time.TimeProvider;

/** Test access to journals on a clock of the test's, so days (cycle files) can pass. */
public final class Journals {
  private Journals() {}

  public static BackupCache open(Path dir, JournalSettings settings, TimeProvider clock)
      throws IOException {
    return BackupCache.open(dir, settings, clock);
  }
}
