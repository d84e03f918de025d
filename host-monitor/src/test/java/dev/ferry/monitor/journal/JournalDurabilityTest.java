package dev.ferry.monitor.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JournalDurabilityTest {
  private static final Duration INTERVAL = Duration.ofMillis(10);

  @TempDir Path dir;

  private static List<JournalEntry> drain(BackupCache cache) {
    List<JournalEntry> out = new ArrayList<>();
    try (BackupCache.Reader r = cache.readFrom(-1)) {
      for (Optional<JournalEntry> e = r.next(); e.isPresent(); e = r.next()) {
        out.add(e.get());
      }
    }
    return out;
  }

  @ParameterizedTest
  @EnumSource(JournalDurability.class)
  void eachModeReadsBackEveryRecordAfterReopenAndIsDurableUpToTheLastOne(JournalDurability mode)
      throws Exception {
    Path cacheDir = dir.resolve("cache");
    List<Long> indexes = new ArrayList<>();
    try (BackupCache cache = BackupCache.open(cacheDir, mode, INTERVAL)) {
      assertThat(cache.durability()).isEqualTo(mode);
      assertThat(cache.durableIndex()).isEqualTo(-1);
      for (int i = 0; i < 50; i++) {
        indexes.add(cache.append(Records.modified("f" + i)));
      }
    }
    try (BackupCache cache = BackupCache.open(cacheDir, mode, INTERVAL)) {
      assertThat(cache.durableIndex()).isEqualTo(indexes.get(49)).isEqualTo(cache.lastIndex());
      List<JournalEntry> entries = drain(cache);
      assertThat(entries).extracting(JournalEntry::index).isEqualTo(indexes);
      assertThat(entries).extracting(e -> e.record().path()).startsWith("f0", "f1").endsWith("f49");
    }
  }

  @Test
  void openWithoutOptionsUsesTheDocumentedDefault() throws Exception {
    try (BackupCache cache = BackupCache.open(dir.resolve("cache"))) {
      assertThat(cache.durability()).isEqualTo(BackupCache.DEFAULT_DURABILITY);
    }
  }

  @Test
  void groupCommitDurableIndexCatchesUpWithinAFewIntervals() throws Exception {
    try (BackupCache cache =
        BackupCache.open(dir.resolve("cache"), JournalDurability.GROUP_COMMIT, INTERVAL)) {
      for (int round = 0; round < 5; round++) {
        long last = -1;
        for (int i = 0; i < 200; i++) {
          last = cache.append(Records.modified("r" + round + "/" + i));
        }
        long t0 = System.nanoTime();
        while (cache.durableIndex() < last && System.nanoTime() - t0 < 5_000_000_000L) {
          Thread.sleep(1);
        }
        long waitedMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(cache.durableIndex()).isEqualTo(last);
        // One interval plus one fdatasync; generous for a shared 2-core machine with a busy disk.
        assertThat(waitedMs).isLessThan(1_000);
      }
    }
  }

  @Test
  void everyRecordDurableIndexReachesTheAppendIndexBeforeAppendReturns() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (BackupCache cache =
        BackupCache.open(dir.resolve("cache"), JournalDurability.EVERY_RECORD, INTERVAL)) {
      long single = cache.append(Records.deleted());
      assertThat(cache.durableIndex()).isEqualTo(single).isEqualTo(cache.lastIndex());
      List<Future<long[]>> futures = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        String p = "p" + i;
        futures.add(
            pool.submit(
                () -> {
                  long index = cache.append(Records.modified(p));
                  return new long[] {index, cache.durableIndex()};
                }));
      }
      for (Future<long[]> f : futures) {
        long[] indexAndDurable = f.get();
        // Concurrent appends share syncs, so the durable index may already be past this one.
        assertThat(indexAndDurable[1]).isGreaterThanOrEqualTo(indexAndDurable[0]);
      }
      assertThat(cache.durableIndex()).isEqualTo(cache.lastIndex());
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void processCrashModeSyncsOnlyWhenAskedAtCloseAndAtOpen() throws Exception {
    Path cacheDir = dir.resolve("cache");
    long last;
    try (BackupCache cache =
        BackupCache.open(cacheDir, JournalDurability.PROCESS_CRASH, INTERVAL)) {
      long first = cache.append(Records.modified("a"));
      Thread.sleep(50);
      assertThat(cache.durableIndex()).isEqualTo(-1);
      assertThat(cache.sync()).isEqualTo(first);
      last = cache.append(Records.modified("b"));
      assertThat(cache.durableIndex()).isEqualTo(first);
    }
    try (BackupCache cache =
        BackupCache.open(cacheDir, JournalDurability.PROCESS_CRASH, INTERVAL)) {
      assertThat(cache.durableIndex()).isEqualTo(last);
    }
  }

  @Test
  void theSyncedFileIsTheCycleFileChronicleWrites() throws Exception {
    try (BackupCache cache =
        BackupCache.open(dir.resolve("cache"), JournalDurability.EVERY_RECORD, INTERVAL)) {
      long index = cache.append(Records.deleted());
      Path file = cache.cycleFile(net.openhft.chronicle.queue.RollCycles.FAST_DAILY.toCycle(index));
      assertThat(file).isRegularFile();
      assertThat(file.getFileName().toString()).matches("\\d{8}F\\.cq4");
    }
  }

  @Test
  void aGroupIntervalUnderOneMillisecondIsRejected() {
    assertThatThrownBy(
            () ->
                BackupCache.open(
                    dir.resolve("cache"),
                    JournalDurability.GROUP_COMMIT,
                    Duration.ofNanos(999_999)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 ms");
  }

  /**
   * kill -9 of a separate JVM in the middle of a stream of appends: every append that returned (the
   * child printed its index after {@code append} returned) is in the journal on reopen.
   */
  @ParameterizedTest
  @EnumSource(JournalDurability.class)
  void aKilledWriterJvmLosesNoRecordWhoseAppendReturned(JournalDurability mode) throws Exception {
    Path cacheDir = dir.resolve("cache");
    Path stderr = dir.resolve("child.err");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-") || arg.startsWith("-Dchronicle.")) {
        cmd.add(arg); // Chronicle's flags from the surefire argLine
      }
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(KilledWriter.class.getName());
    cmd.add(cacheDir.toString());
    cmd.add(mode.name());
    Process child =
        new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.to(stderr.toFile())).start();
    Map<Long, String> acknowledged = new HashMap<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      boolean killed = false;
      while ((line = out.readLine()) != null) {
        if (!line.startsWith(KilledWriter.PREFIX)) {
          continue;
        }
        String[] f = line.substring(KilledWriter.PREFIX.length()).split(" ", 2);
        acknowledged.put(Long.parseLong(f[0]), f[1]);
        if (!killed && acknowledged.size() >= 2_000) {
          // kill -9 itself: Process.destroyForcibly would also close our end of the pipe, and the
          // lines already in it are acknowledged appends.
          assertThat(
                  new ProcessBuilder("kill", "-9", Long.toString(child.pid()))
                      .inheritIO()
                      .start()
                      .waitFor())
              .isZero();
          killed = true;
        }
      }
    } finally {
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(child.exitValue())
        .as("child killed by SIGKILL; stderr: %s", Files.readString(stderr))
        .isEqualTo(137);
    assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(2_000);
    try (BackupCache cache = BackupCache.open(cacheDir, mode, INTERVAL)) {
      Map<Long, String> found = new HashMap<>();
      for (JournalEntry e : drain(cache)) {
        found.put(e.index(), e.record().path());
      }
      assertThat(found).containsAllEntriesOf(acknowledged);
      assertThat(cache.durableIndex()).isEqualTo(cache.lastIndex());
    }
  }

  /** The child JVM of the kill -9 test: appends until killed, printing each returned index. */
  static final class KilledWriter {
    static final String PREFIX = "APPENDED ";

    private KilledWriter() {}

    public static void main(String[] args) throws Exception {
      try (BackupCache cache =
          BackupCache.open(Path.of(args[0]), JournalDurability.valueOf(args[1]), INTERVAL)) {
        for (int i = 0; ; i++) {
          String path = "burst/file-" + i + ".txt";
          long index = cache.append(Records.modified(path));
          System.out.println(PREFIX + index + " " + path);
        }
      }
    }
  }
}
