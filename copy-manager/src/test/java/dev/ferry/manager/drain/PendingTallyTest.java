package dev.ferry.manager.drain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ferry.monitor.journal.BackupCache;
import dev.ferry.monitor.journal.ChangeKind;
import dev.ferry.monitor.journal.ChangeRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PendingTallyTest {
  @TempDir Path dir;

  @Test
  void countsRecordsAppendedSinceTheLastLookAndStartsOverWhenTheDrainPositionMoves()
      throws Exception {
    Path watch = Files.createDirectories(dir.resolve("w"));
    Path a = Files.writeString(watch.resolve("a.txt"), "a");
    Path b = Files.writeString(watch.resolve("b.txt"), "b");
    Instant first = Instant.parse("2026-12-02T10:00:00Z");
    try (BackupCache cache = BackupCache.open(dir.resolve("journal"))) {
      PendingTally tally = new PendingTally();
      assertEquals(new PendingTally.Summary(0, 0, null), tally.update(cache, -1));

      long firstIndex =
          cache.append(
              TestRecords.of(watch, a, ChangeKind.CREATED, first, null, ChangeRecord.NOT_STAGED));
      cache.append(
          TestRecords.of(
              watch, b, ChangeKind.CREATED, first.plusSeconds(1), null, ChangeRecord.NOT_STAGED));
      assertEquals(new PendingTally.Summary(2, 2, first), tally.update(cache, -1));

      cache.append(
          TestRecords.of(
              watch, a, ChangeKind.MODIFIED, first.plusSeconds(2), null, ChangeRecord.NOT_STAGED));
      assertEquals(new PendingTally.Summary(3, 2, first), tally.update(cache, -1));
      assertEquals(new PendingTally.Summary(3, 2, first), tally.update(cache, -1));

      // The first record was drained: the tally is taken again from the new position.
      PendingTally.Summary after = tally.update(cache, firstIndex);
      assertEquals(2, after.records());
      assertEquals(2, after.files());
      assertEquals(first.plusSeconds(1), after.oldestSavedAt());
    }
  }

  @Test
  void anEmptyCacheHasNoOldestSave() throws Exception {
    try (BackupCache cache = BackupCache.open(dir.resolve("journal"))) {
      assertNull(new PendingTally().update(cache, -1).oldestSavedAt());
    }
  }
}
