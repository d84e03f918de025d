package dev.ferry.monitor.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.monitor.journal.ChangeKind;
import dev.ferry.monitor.journal.ChangeRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lost events (an OVERFLOW): the detector alone, fed no events, must find the differences. */
class SaveDetectorRescanTest {
  @TempDir Path root;

  @Test
  void rescanAfterLostEventsRecordsOnlyWhatDiffers() throws Exception {
    Files.writeString(root.resolve("same.txt"), "unchanged");
    Files.writeString(root.resolve("edited.txt"), "v1");
    Files.writeString(root.resolve("removed.txt"), "bye");
    List<ChangeRecord> records = new CopyOnWriteArrayList<>();
    try (SaveDetector d =
        new SaveDetector("h", List.of(root), Duration.ofMillis(200), p -> false, records::add)) {
      CountDownLatch learned = new CountDownLatch(1);
      d.initialScan(root, false, learned::countDown);
      assertThat(learned.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(records).isEmpty();

      Files.writeString(root.resolve("edited.txt"), " and v2", StandardOpenOption.APPEND);
      Files.delete(root.resolve("removed.txt"));
      Files.writeString(root.resolve("added.txt"), "new");
      d.rescan(root);

      long deadline = System.currentTimeMillis() + 10_000;
      while (records.size() < 3 && System.currentTimeMillis() < deadline) {
        Thread.sleep(10);
      }
      Thread.sleep(300); // nothing else may follow
      assertThat(records)
          .extracting(ChangeRecord::path, ChangeRecord::kind)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple("edited.txt", ChangeKind.MODIFIED),
              org.assertj.core.groups.Tuple.tuple("removed.txt", ChangeKind.DELETED),
              org.assertj.core.groups.Tuple.tuple("added.txt", ChangeKind.CREATED));
      assertThat(d.pendingSaves()).isZero();
    }
  }
}
