package dev.ferry.monitor.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.ferry.monitor.journal.ChangeKind;
import dev.ferry.monitor.journal.ChangeRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A folder moved within a root, fed to the detector as the watcher does (the old folder deleted,
 * the new one appearing), when registering or walking the new folder takes longer than the rename
 * window, as it does for a folder of tens of thousands of files: every file is still RENAMED.
 */
class SaveDetectorFolderMoveTest {
  private static final long RENAME_WINDOW_MS = 2 * SaveDetector.GRACE.toMillis();

  @TempDir Path root;
  private final List<ChangeRecord> records = new CopyOnWriteArrayList<>();
  private final List<String> names = List.of("a.jpg", "b.jpg", "c.jpg", "d.jpg", "sub/e.jpg");

  @Test
  void aMovedFolderWhoseWatchesTakeLongerThanTheRenameWindowGivesRenamedForEveryFile()
      throws Exception {
    try (SaveDetector d = detector(p -> false)) {
      move(d, () -> sleepMs(5 * RENAME_WINDOW_MS)); // registering a large tree's watches
      assertThat(awaitRecords()).containsExactlyInAnyOrderElementsOf(renamedEach());
    }
  }

  @Test
  void aMovedFolderWhoseWalkTakesLongerThanTheRenameWindowGivesRenamedForEveryFile()
      throws Exception {
    Path moved = root.resolve("pictures");
    // Every file of the new folder costs 2/5 of the window to look at: a slow disk, a large tree.
    Predicate<Path> slowUnderMoved =
        p -> {
          if (p.startsWith(moved)) {
            sleepMs(2 * RENAME_WINDOW_MS / 5);
          }
          return false;
        };
    try (SaveDetector d = detector(slowUnderMoved)) {
      move(d, () -> {});
      assertThat(awaitRecords()).containsExactlyInAnyOrderElementsOf(renamedEach());
    }
  }

  private SaveDetector detector(Predicate<Path> excluded) throws Exception {
    for (String n : names) {
      Path f = root.resolve("photos").resolve(n);
      Files.createDirectories(f.getParent());
      Files.writeString(f, "photo " + n);
    }
    SaveDetector d =
        new SaveDetector("h", List.of(root), Duration.ofMillis(200), excluded, records::add);
    CountDownLatch scanned = new CountDownLatch(1);
    d.initialScan(root, true, scanned::countDown);
    assertThat(scanned.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(records).hasSize(names.size());
    records.clear();
    return d;
  }

  /** {@code mv photos pictures}, told as the watcher tells it; {@code watch} registers. */
  private void move(SaveDetector d, Runnable watch) throws Exception {
    Files.move(root.resolve("photos"), root.resolve("pictures"));
    d.deleted(root.resolve("photos"));
    d.directoryAppeared(root.resolve("pictures"), watch);
  }

  private List<Tuple> renamedEach() {
    List<Tuple> out = new ArrayList<>();
    for (String n : names) {
      out.add(tuple("pictures/" + n, ChangeKind.RENAMED, "photos/" + n));
    }
    return out;
  }

  /** The records once there are as many as files, and a rename window later (no more follow). */
  private List<Tuple> awaitRecords() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (records.size() < names.size() && System.nanoTime() < deadline) {
      sleepMs(10);
    }
    sleepMs(2 * RENAME_WINDOW_MS);
    return records.stream().map(r -> tuple(r.path(), r.kind(), r.renamedFrom())).toList();
  }

  private static void sleepMs(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
