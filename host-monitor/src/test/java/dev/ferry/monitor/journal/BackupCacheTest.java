package dev.ferry.monitor.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupCacheTest {
  @TempDir Path dir;

  private static List<JournalEntry> drain(BackupCache.Reader reader) {
    List<JournalEntry> out = new ArrayList<>();
    for (Optional<JournalEntry> e = reader.next(); e.isPresent(); e = reader.next()) {
      out.add(e.get());
    }
    return out;
  }

  @Test
  void emptyCacheHasLastIndexMinusOneAndReadsNothing() throws Exception {
    try (BackupCache cache = BackupCache.open(dir.resolve("cache"));
        BackupCache.Reader reader = cache.readFrom(-1)) {
      assertThat(cache.lastIndex()).isEqualTo(-1);
      assertThat(reader.next()).isEmpty();
    }
  }

  @Test
  void appendedRecordsAreReadBackInOrderAfterReopen() throws Exception {
    Path cacheDir = dir.resolve("cache");
    List<Long> indexes = new ArrayList<>();
    try (BackupCache cache = BackupCache.open(cacheDir)) {
      for (int i = 0; i < 5; i++) {
        indexes.add(cache.append(Records.modified("f" + i)));
      }
      assertThat(cache.lastIndex()).isEqualTo(indexes.get(4));
    }
    assertThat(indexes).isSorted().doesNotHaveDuplicates();
    try (BackupCache cache = BackupCache.open(cacheDir)) {
      assertThat(cache.lastIndex()).isEqualTo(indexes.get(4));
      try (BackupCache.Reader all = cache.readFrom(-1)) {
        List<JournalEntry> entries = drain(all);
        assertThat(entries).extracting(JournalEntry::index).isEqualTo(indexes);
        assertThat(entries)
            .extracting(e -> e.record().path())
            .containsExactly("f0", "f1", "f2", "f3", "f4");
      }
      try (BackupCache.Reader fromZero = cache.readFrom(0)) {
        assertThat(drain(fromZero)).hasSize(5);
      }
      try (BackupCache.Reader rest = cache.readFrom(indexes.get(2))) {
        assertThat(drain(rest)).extracting(e -> e.record().path()).containsExactly("f3", "f4");
      }
      try (BackupCache.Reader none = cache.readFrom(indexes.get(4))) {
        assertThat(none.next()).isEmpty();
      }
    }
  }

  @Test
  void aReaderSeesRecordsAppendedAfterItReachedTheEnd() throws Exception {
    try (BackupCache cache = BackupCache.open(dir.resolve("cache"));
        BackupCache.Reader reader = cache.readFrom(-1)) {
      assertThat(reader.next()).isEmpty();
      long index = cache.append(Records.deleted());
      Optional<JournalEntry> e = reader.next();
      assertThat(e).isPresent();
      assertThat(e.get().index()).isEqualTo(index);
      assertThat(e.get().record()).isEqualTo(Records.deleted());
    }
  }

  @Test
  void concurrentAppendsAllLandWithDistinctIndexes() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (BackupCache cache = BackupCache.open(dir.resolve("cache"))) {
      List<Future<Long>> futures = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        String p = "p" + i;
        futures.add(pool.submit(() -> cache.append(Records.modified(p))));
      }
      List<Long> idx = new ArrayList<>();
      for (Future<Long> f : futures) {
        idx.add(f.get());
      }
      assertThat(idx).doesNotHaveDuplicates();
      try (BackupCache.Reader r = cache.readFrom(-1)) {
        assertThat(drain(r)).hasSize(400);
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void aDamagedEntryIsReportedByFieldAndTheReaderMovesPastIt() throws Exception {
    Path cacheDir = dir.resolve("cache");
    try (BackupCache cache = BackupCache.open(cacheDir)) {
      cache.append(Records.modified("before"));
    }
    // Write a damaged excerpt the way a torn or tampered file would present it.
    try (net.openhft.chronicle.queue.ChronicleQueue q =
            net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder.binary(cacheDir)
                .rollCycle(net.openhft.chronicle.queue.RollCycles.FAST_DAILY)
                .build();
        net.openhft.chronicle.queue.ExcerptAppender a = q.createAppender();
        net.openhft.chronicle.wire.DocumentContext dc = a.writingDocument()) {
      byte[] bad = ChangeRecordCodec.encode(Records.modified("damaged"));
      bad[bad.length - 1] ^= 1;
      dc.wire().bytes().write(bad);
    }
    try (BackupCache cache = BackupCache.open(cacheDir)) {
      cache.append(Records.modified("after"));
      try (BackupCache.Reader r = cache.readFrom(-1)) {
        assertThat(r.next().get().record().path()).isEqualTo("before");
        assertThatThrownBy(r::next)
            .isInstanceOf(CorruptRecordException.class)
            .hasMessageContaining("field crc");
        assertThat(r.next().get().record().path()).isEqualTo("after");
      }
    }
  }

  @Test
  void aFileWhereTheFolderShouldBeGivesAnErrorNamingIt() throws Exception {
    Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
    assertThatThrownBy(() -> BackupCache.open(file.resolve("cache")))
        .isInstanceOf(CacheNotWritableException.class)
        .hasMessageContaining(file.resolve("cache").toString());
  }
}
