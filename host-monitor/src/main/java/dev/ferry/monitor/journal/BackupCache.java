package dev.ferry.monitor.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.NavigableSet;
import java.util.OptionalInt;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.jboss.logging.Logger;

/**
 * The backup cache: a journal of change records in one Chronicle Queue folder. This is the only
 * class (with its package-private helpers) that touches Chronicle.
 *
 * <p>On disk: Chronicle's {@code yyyyMMdd.cq4} data files (roll cycle {@code FAST_DAILY}: one file
 * per UTC day, so acknowledged days go as whole files, and a busy day still fits: 2^32 records per
 * cycle), its {@code metadata.cq4t}, and {@value JournalTrim#ACK_FILE}. Each excerpt is one record
 * ({@link ChangeRecordCodec}), written raw through {@code writingDocument()}, not with a
 * MethodWriter (which generates code at run time and breaks in a packaged Quarkus app).
 *
 * <p>Thread-safety: {@link #append} may be called from any thread (one appender behind a lock). A
 * {@link Reader} belongs to one thread at a time.
 *
 * <p>Durability ({@link JournalDurability}, src-docs/decisions/0005-journal-durability.md): an
 * append is in the page cache when it returns, so it survives a crash of this JVM in every mode.
 * Against power loss the cycle file is fdatasynced ({@link CycleSync}): before {@code append}
 * returns ({@link JournalDurability#EVERY_RECORD}), from a background thread one group interval
 * after the first append not yet synced ({@link JournalDurability#GROUP_COMMIT}, the default:
 * appends in between share the sync, and an idle journal wakes nobody), or only at open and close
 * ({@link JournalDurability#PROCESS_CRASH}). {@link #durableIndex()} is the highest index known
 * synced.
 *
 * <p>Bounded ({@link JournalTrim}): cycle files are deleted only once every record in them is both
 * {@linkplain #acknowledge acknowledged} by the copy manager and no longer needed by the agent
 * ({@link #retainFrom}); the cycle being appended to is never deleted. Appends are refused with
 * {@link JournalFullException} while the disk has less free space than the reserve ({@link
 * JournalSettings#reserveBytes()}), before Chronicle could meet ENOSPC inside a mapped write.
 */
public final class BackupCache implements AutoCloseable {
  static {
    ChronicleDefaults.apply();
  }

  /** The durability of {@link #open(Path)}; chosen by measurement in decision 0005. */
  public static final JournalDurability DEFAULT_DURABILITY = JournalSettings.DEFAULT_DURABILITY;

  /** The group interval of {@link #open(Path)}; chosen by measurement in decision 0005. */
  public static final Duration DEFAULT_GROUP_INTERVAL = JournalSettings.DEFAULT_GROUP_INTERVAL;

  private static final Logger LOG = Logger.getLogger(BackupCache.class);
  private static final RollCycle ROLL_CYCLE = RollCycles.FAST_DAILY;

  private final Path dir;
  private final SingleChronicleQueue queue;
  private final ExcerptAppender appender;
  private final JournalSettings settings;
  private final ReentrantLock appendLock = new ReentrantLock();
  private final CycleSync sync;
  private final DiskSpaceGuard space;
  private final JournalTrim trim;
  private byte[] scratch = new byte[4096];

  /** Index of the last complete append (written under appendLock, after the document closed). */
  private volatile long lastAppended;

  private boolean syncFailureLogged;
  private final ScheduledExecutorService flusher;

  /**
   * A group-commit sync is scheduled and has not started: appends until it starts ride on it. The
   * flusher wakes only when there is something to sync, so an idle agent costs no wake-ups.
   */
  private final AtomicBoolean syncScheduled = new AtomicBoolean();

  private BackupCache(Path dir, SingleChronicleQueue queue, JournalSettings settings)
      throws IOException {
    this.dir = dir;
    this.queue = queue;
    this.settings = settings;
    this.appender = queue.createAppender();
    appender.singleThreadedCheckDisabled(true);
    long last = queue.lastIndex();
    this.lastAppended = last < 0 ? -1 : last;
    this.sync = new CycleSync(dir, queue, ROLL_CYCLE, () -> lastAppended);
    this.space = new DiskSpaceGuard(dir, settings.reserveBytes());
    this.trim = JournalTrim.open(dir);
    if (settings.durability() == JournalDurability.GROUP_COMMIT) {
      flusher =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "ferry-journal-flusher " + dir.getFileName());
                t.setDaemon(true);
                return t;
              });
    } else {
      flusher = null;
    }
  }

  /** Opens (creating if needed) the cache in {@code dir} with {@link JournalSettings#defaults}. */
  public static BackupCache open(Path dir) throws IOException {
    return open(dir, JournalSettings.defaults());
  }

  /** Opens with the given durability and the default reserve. */
  public static BackupCache open(Path dir, JournalDurability durability, Duration groupInterval)
      throws IOException {
    return open(dir, JournalSettings.defaults().withDurability(durability, groupInterval));
  }

  /**
   * Opens (creating if needed) the cache in {@code dir}; records already in it are synced before
   * this returns (they survived a crash of the previous process, maybe not yet a power loss).
   */
  public static BackupCache open(Path dir, JournalSettings settings) throws IOException {
    return open(dir, settings, null);
  }

  /** As {@link #open(Path, JournalSettings)}, on a clock of the caller's (tests roll cycles). */
  static BackupCache open(Path dir, JournalSettings settings, TimeProvider clock)
      throws IOException {
    Path abs = dir.toAbsolutePath().normalize();
    try {
      Files.createDirectories(abs);
    } catch (IOException | SecurityException e) {
      throw new CacheNotWritableException(abs, "cannot create it (" + e + ")", e);
    }
    if (!Files.isDirectory(abs) || !Files.isWritable(abs)) {
      throw new CacheNotWritableException(abs, "not a writable directory", null);
    }
    SingleChronicleQueue q;
    try {
      SingleChronicleQueueBuilder b = SingleChronicleQueueBuilder.binary(abs).rollCycle(ROLL_CYCLE);
      if (clock != null) {
        b.timeProvider(clock);
      }
      q = b.build();
    } catch (RuntimeException e) {
      throw new CacheNotWritableException(abs, "cannot open the queue (" + e + ")", e);
    }
    BackupCache cache;
    try {
      cache = new BackupCache(abs, q, settings);
    } catch (IOException | RuntimeException e) {
      q.close();
      throw new CacheNotWritableException(abs, "cannot append (" + e + ")", e);
    }
    try {
      cache.sync.syncUpTo(cache.lastAppended);
    } catch (IOException e) {
      cache.close();
      throw new CacheNotWritableException(abs, "cannot sync the journal (" + e + ")", e);
    }
    return cache;
  }

  /** The folder holding the queue files. */
  public Path dir() {
    return dir;
  }

  /** How appends are made durable. */
  public JournalDurability durability() {
    return settings.durability();
  }

  /** The settings it was opened with. */
  public JournalSettings settings() {
    return settings;
  }

  /**
   * Appends {@code r}; returns its journal index. Thread-safe. In {@link
   * JournalDurability#EVERY_RECORD} mode it returns after the record is synced (concurrent
   * appenders share one sync).
   *
   * @throws JournalFullException if the disk has less free space than the reserve: not appended
   * @throws UncheckedIOException in {@link JournalDurability#EVERY_RECORD} mode, if the sync
   *     failed: the record is in the journal (and survives a crash of this JVM) but not known
   *     durable
   */
  public long append(ChangeRecord r) {
    space.check();
    long index = appendToPageCache(r);
    if (flusher != null && syncScheduled.compareAndSet(false, true)) {
      scheduleSync();
    }
    if (settings.durability() == JournalDurability.EVERY_RECORD) {
      try {
        sync.syncUpTo(index);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "journal record " + index + " appended but not synced in " + dir, e);
      }
    }
    return index;
  }

  private long appendToPageCache(ChangeRecord r) {
    appendLock.lock();
    try {
      int n = ChangeRecordCodec.encodedLength(r);
      if (scratch.length < n) {
        scratch = new byte[Math.max(n, scratch.length * 2)];
      }
      ChangeRecordCodec.encodeInto(r, scratch, 0);
      try (DocumentContext dc = appender.writingDocument()) {
        try {
          dc.wire().bytes().write(scratch, 0, n);
        } catch (RuntimeException | Error e) {
          dc.rollbackOnClose(); // never leave half a record for readers
          throw e;
        }
      }
      long index = appender.lastIndexAppended();
      if (lastAppended < 0 || ROLL_CYCLE.toCycle(index) != ROLL_CYCLE.toCycle(lastAppended)) {
        cycleFilesCount = -1; // a new cycle file
      }
      lastAppended = index;
      return index;
    } finally {
      appendLock.unlock();
    }
  }

  /** True if appends are refused for lack of space (looks at the disk again). */
  public boolean isFull() {
    return space.isFull();
  }

  /** Free space on the journal's disk at the last look, in bytes. */
  public long usableBytes() {
    return space.usableBytes();
  }

  /**
   * The highest index known to be on disk (fdatasynced), -1 if none. Equals the index {@link
   * #append} returned once it returns in {@link JournalDurability#EVERY_RECORD} mode; lags by up to
   * one group interval plus one sync in {@link JournalDurability#GROUP_COMMIT}; in {@link
   * JournalDurability#PROCESS_CRASH} it moves only at open, {@link #sync()} and close.
   */
  public long durableIndex() {
    return sync.durableIndex();
  }

  /**
   * Syncs everything appended so far, whatever the mode; returns the new {@link #durableIndex()}.
   */
  public long sync() throws IOException {
    sync.syncUpTo(lastAppended);
    return sync.durableIndex();
  }

  /**
   * One group-commit sync, at the next tick of the group interval's clock (as a fixed-rate flusher
   * would sync, so an append waits half an interval on average, but nobody wakes while idle);
   * retried at the tick after if it fails.
   */
  private void scheduleSync() {
    long interval = settings.groupInterval().toNanos();
    long delay = interval - Math.floorMod(System.nanoTime(), interval);
    try {
      ScheduledFuture<?> unused = flusher.schedule(this::flushQuietly, delay, TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      syncScheduled.set(false); // closing: close() syncs
    }
  }

  private void flushQuietly() {
    syncScheduled.set(false); // appends from now on schedule the next sync
    try {
      sync.syncUpTo(lastAppended);
      syncFailureLogged = false;
    } catch (IOException | RuntimeException e) {
      if (!syncFailureLogged) {
        syncFailureLogged = true;
        LOG.errorf(
            e,
            "Cannot sync the journal in %s: records after index %d are not durable against power"
                + " loss",
            dir,
            sync.durableIndex());
      }
      if (syncScheduled.compareAndSet(false, true)) {
        scheduleSync(); // try again: what is appended must become durable
      }
    }
  }

  /**
   * The copy manager has copied every record up to {@code index} to its targets and committed it in
   * its catalog: those records may go once the agent no longer needs them either. Persisted; a
   * lower index than before is ignored. Trims at once.
   */
  public void acknowledge(long index) throws IOException {
    trim.acknowledge(index);
    trim();
  }

  /** The highest index the copy manager acknowledged, -1 if none. */
  public long acknowledged() {
    return trim.acknowledged();
  }

  /**
   * The agent needs the records after {@code index} (and that one), for example to replay them on
   * top of a file-state checkpoint: none of them will be trimmed. -1 (the start) keeps everything.
   * Trims at once.
   */
  public void retainFrom(long index) {
    trim.retainFrom(index);
    trim();
  }

  /**
   * Deletes the cycle files wholly before the cycle of {@link JournalTrim#bound}, never the one
   * being appended to. Readers positioned in a deleted cycle are not expected: every reader starts
   * after the acknowledged or retained index.
   */
  private void trim() {
    long bound = trim.bound();
    if (bound < 0) {
      return;
    }
    appendLock.lock(); // no new cycle is created while files go
    try {
      int keepFrom = ROLL_CYCLE.toCycle(bound);
      if (lastAppended >= 0) {
        keepFrom = Math.min(keepFrom, ROLL_CYCLE.toCycle(lastAppended));
      }
      int first = queue.firstCycle();
      if (first == Integer.MAX_VALUE || first >= keepFrom) {
        return;
      }
      NavigableSet<Long> cycles = queue.listCyclesBetween(first, keepFrom - 1);
      int removed = 0;
      for (long c : cycles) {
        try {
          Files.deleteIfExists(sync.cycleFile((int) c));
          removed++;
        } catch (NoSuchFileException e) {
          // gone already
        }
      }
      if (removed > 0) {
        cycleFilesCount = -1;
        CycleSync.fsyncFolder(dir);
        queue.refreshDirectoryListing();
        LOG.infof("journal %s: %d acknowledged cycle file(s) deleted", dir, removed);
      }
    } catch (IOException | RuntimeException e) {
      LOG.warnf("journal %s: cannot delete acknowledged cycle files: %s", dir, e.toString());
    } finally {
      appendLock.unlock();
    }
  }

  /** The data file of {@code cycle}; for tests. */
  Path cycleFile(int cycle) {
    return sync.cycleFile(cycle);
  }

  /** The journal's cycle files on disk now (for status and tests). */
  public int cycleFiles() {
    long now = System.nanoTime();
    if (now - cycleFilesAt < CYCLE_COUNT_TTL_NANOS && cycleFilesCount >= 0) {
      return cycleFilesCount; // status asks every 2 s; the count moves once a day
    }
    try (var files = Files.list(dir)) {
      cycleFilesCount =
          (int)
              files
                  .filter(p -> p.getFileName().toString().endsWith(SingleChronicleQueue.SUFFIX))
                  .count();
    } catch (IOException e) {
      cycleFilesCount = -1;
    }
    cycleFilesAt = now;
    return cycleFilesCount;
  }

  private static final long CYCLE_COUNT_TTL_NANOS = 10_000_000_000L;
  private volatile int cycleFilesCount = -1;
  private volatile long cycleFilesAt;

  /**
   * The CRC field (last 4 bytes) of the record at {@code index}, to recognise a journal; empty if
   * there is no such entry.
   */
  public OptionalInt crcAt(long index) {
    if (index < 0) {
      return OptionalInt.empty();
    }
    try (ExcerptTailer tailer = queue.createTailer()) {
      tailer.singleThreadedCheckDisabled(true);
      if (!tailer.moveToIndex(index)) {
        return OptionalInt.empty();
      }
      try (DocumentContext dc = tailer.readingDocument()) {
        if (!dc.isPresent() || dc.index() != index) {
          return OptionalInt.empty();
        }
        Bytes<?> bytes = dc.wire().bytes();
        long n = bytes.readRemaining();
        if (n < 4) {
          return OptionalInt.empty();
        }
        long at = bytes.readPosition() + n - 4;
        int crc = 0;
        for (int i = 0; i < 4; i++) { // big-endian, as the codec wrote it (Bytes is native-order)
          crc = (crc << 8) | (bytes.readByte(at + i) & 0xff);
        }
        return OptionalInt.of(crc);
      }
    }
  }

  /**
   * A reader of the entries with index greater than {@code afterIndex}, in order; {@code afterIndex
   * <= 0} reads from the start.
   */
  public Reader readFrom(long afterIndex) {
    return ChronicleReader.after(queue.createTailer(), afterIndex);
  }

  /** The index of the last entry, -1 if the cache is empty. */
  public long lastIndex() {
    // This cache is the journal's only appender (one per data folder, under its lock): the last
    // append is the last index, without Chronicle refreshing its directory listing for it.
    return lastAppended;
  }

  /** Stops the flusher, syncs once more (whatever the mode) and closes the journal. */
  @Override
  public void close() {
    if (flusher != null) {
      flusher.shutdown();
      try {
        if (!flusher.awaitTermination(5, TimeUnit.SECONDS)) {
          LOG.warnf("The journal flusher of %s did not stop within 5 s", dir);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    appendLock.lock();
    try {
      try {
        sync.syncUpTo(lastAppended);
      } catch (IOException | RuntimeException e) {
        LOG.errorf(e, "Cannot sync the journal in %s at close", dir);
      }
      try {
        sync.close();
      } catch (IOException e) {
        LOG.debugf(e, "closing the sync channel of %s", dir);
      }
      appender.close();
      queue.close();
    } finally {
      appendLock.unlock();
    }
  }

  /** Reads entries in journal order. Owned by one thread at a time. */
  public interface Reader extends JournalReader {}
}
