package dev.ferry.monitor.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import net.openhft.chronicle.bytes.Bytes;
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
 * class that touches Chronicle.
 *
 * <p>On disk: Chronicle's {@code yyyyMMdd.cq4} data files (roll cycle {@code FAST_DAILY}: one file
 * per UTC day, so a drain that acknowledges a day lets that file be deleted as a whole, and a busy
 * day still fits: 2^32 records per cycle) and its {@code metadata.cq4t}. Each excerpt is one record
 * in format version 1 ({@link ChangeRecordCodec}), written raw through {@code writingDocument()},
 * not with a MethodWriter (which generates code at run time and breaks in a packaged Quarkus app).
 *
 * <p>Thread-safety: {@link #append} may be called from any thread (one appender behind a lock). A
 * {@link Reader} belongs to one thread at a time.
 *
 * <p>Durability ({@link JournalDurability}, src-docs/decisions/0005-journal-durability.md): an
 * append is in the page cache when it returns, so it survives a crash of this JVM in every mode.
 * Against power loss, the cycle file is made durable with {@code fdatasync} ({@link
 * FileChannel#force(boolean) FileChannel.force(false)} on the {@code .cq4} file, which on Linux
 * writes back the pages dirtied through Chronicle's mapping too): before {@code append} returns
 * ({@link JournalDurability#EVERY_RECORD}), from a background thread every group interval ({@link
 * JournalDurability#GROUP_COMMIT}, the default), or only at open and close ({@link
 * JournalDurability#PROCESS_CRASH}). A new cycle file also gets its folder fsynced, so its name
 * survives too. {@link #durableIndex()} is the highest index known synced.
 */
public final class BackupCache implements AutoCloseable {
  static {
    // Also passed as -D flags by the build and the launcher; set here in case a caller forgot.
    setIfAbsent("chronicle.analytics.disable", "true");
    setIfAbsent("chronicle.announcer.disable", "true");
  }

  /** The durability of {@link #open(Path)}; chosen by measurement in decision 0005. */
  public static final JournalDurability DEFAULT_DURABILITY = JournalDurability.GROUP_COMMIT;

  /** The group interval of {@link #open(Path)}; chosen by measurement in decision 0005. */
  public static final Duration DEFAULT_GROUP_INTERVAL = Duration.ofMillis(10);

  private static final Logger LOG = Logger.getLogger(BackupCache.class);
  private static final RollCycle ROLL_CYCLE = RollCycles.FAST_DAILY;
  private static final DateTimeFormatter CYCLE_FILE_NAME =
      DateTimeFormatter.ofPattern(ROLL_CYCLE.format()).withZone(ZoneOffset.UTC);

  private final Path dir;
  private final SingleChronicleQueue queue;
  private final ExcerptAppender appender;
  private final JournalDurability durability;
  private final ReentrantLock appendLock = new ReentrantLock();
  private byte[] scratch = new byte[4096];

  /** Index of the last complete append (written under appendLock, after the document closed). */
  private volatile long lastAppended;

  /** Highest index whose cycle file has been fdatasynced since it was appended. */
  private volatile long durable = -1;

  /** Guards the sync state below; never held while taking appendLock. */
  private final ReentrantLock syncLock = new ReentrantLock();

  private int syncedCycle = Integer.MIN_VALUE;
  private FileChannel syncChannel;
  private boolean syncFailureLogged;
  private final ScheduledExecutorService flusher;

  private BackupCache(
      Path dir, SingleChronicleQueue queue, JournalDurability durability, Duration groupInterval) {
    this.dir = dir;
    this.queue = queue;
    this.durability = durability;
    this.appender = queue.createAppender();
    appender.singleThreadedCheckDisabled(true);
    this.lastAppended = lastIndex();
    if (durability == JournalDurability.GROUP_COMMIT) {
      flusher =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "ferry-journal-flusher " + dir.getFileName());
                t.setDaemon(true);
                return t;
              });
      long nanos = groupInterval.toNanos();
      // flushQuietly reports its own failures; the future only ends with the executor.
      ScheduledFuture<?> unused =
          flusher.scheduleAtFixedRate(this::flushQuietly, nanos, nanos, TimeUnit.NANOSECONDS);
    } else {
      flusher = null;
    }
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }

  /**
   * Opens (creating if needed) the cache in {@code dir} with {@link #DEFAULT_DURABILITY} and {@link
   * #DEFAULT_GROUP_INTERVAL}.
   */
  public static BackupCache open(Path dir) throws IOException {
    return open(dir, DEFAULT_DURABILITY, DEFAULT_GROUP_INTERVAL);
  }

  /**
   * Opens (creating if needed) the cache in {@code dir}; records already in it are synced before
   * this returns (they survived a crash of the previous process, maybe not yet a power loss).
   *
   * @param groupInterval how often {@link JournalDurability#GROUP_COMMIT} syncs, at least 1 ms;
   *     ignored by the other modes
   */
  public static BackupCache open(Path dir, JournalDurability durability, Duration groupInterval)
      throws IOException {
    if (durability == null) {
      throw new IllegalArgumentException("durability is null");
    }
    if (groupInterval == null || groupInterval.compareTo(Duration.ofMillis(1)) < 0) {
      throw new IllegalArgumentException("group interval must be at least 1 ms: " + groupInterval);
    }
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
      q = SingleChronicleQueueBuilder.binary(abs).rollCycle(ROLL_CYCLE).build();
    } catch (RuntimeException e) {
      throw new CacheNotWritableException(abs, "cannot open the queue (" + e + ")", e);
    }
    BackupCache cache;
    try {
      cache = new BackupCache(abs, q, durability, groupInterval);
    } catch (RuntimeException e) {
      q.close();
      throw new CacheNotWritableException(abs, "cannot append (" + e + ")", e);
    }
    try {
      cache.syncUpTo(cache.lastAppended);
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
    return durability;
  }

  /**
   * Appends {@code r}; returns its journal index. Thread-safe. In {@link
   * JournalDurability#EVERY_RECORD} mode it returns after the record is synced (concurrent
   * appenders share one sync).
   *
   * @throws UncheckedIOException in {@link JournalDurability#EVERY_RECORD} mode, if the sync
   *     failed: the record is in the journal (and survives a crash of this JVM) but not known
   *     durable
   */
  public long append(ChangeRecord r) {
    long index = appendToPageCache(r);
    if (durability == JournalDurability.EVERY_RECORD) {
      try {
        syncUpTo(index);
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
        dc.wire().bytes().write(scratch, 0, n);
      }
      long index = appender.lastIndexAppended();
      lastAppended = index;
      return index;
    } finally {
      appendLock.unlock();
    }
  }

  /**
   * The highest index known to be on disk (fdatasynced), -1 if none. Equals the index {@link
   * #append} returned once it returns in {@link JournalDurability#EVERY_RECORD} mode; lags by up to
   * one group interval plus one sync in {@link JournalDurability#GROUP_COMMIT}; in {@link
   * JournalDurability#PROCESS_CRASH} it moves only at open, {@link #sync()} and close.
   */
  public long durableIndex() {
    return durable;
  }

  /**
   * Syncs everything appended so far, whatever the mode; returns the new {@link #durableIndex()}.
   */
  public long sync() throws IOException {
    syncUpTo(lastAppended);
    return durable;
  }

  private void flushQuietly() {
    try {
      syncUpTo(lastAppended);
      syncFailureLogged = false;
    } catch (IOException | RuntimeException e) {
      if (!syncFailureLogged) {
        syncFailureLogged = true;
        LOG.errorf(
            e,
            "Cannot sync the journal in %s: records after index %d are not durable against power"
                + " loss",
            dir,
            durable);
      }
    }
  }

  /**
   * Makes every index up to at least {@code target} durable: fdatasync of the cycle file holding
   * the newest record (covering every record appended before the sync started), after the files of
   * any earlier cycle not yet synced and, for a new cycle file, the folder.
   */
  private void syncUpTo(long target) throws IOException {
    if (target < 0 || durable >= target) {
      return;
    }
    syncLock.lock();
    try {
      if (durable >= target) {
        return; // an other thread's sync covered it
      }
      long upTo = lastAppended; // complete appends only; >= target
      int cycle = ROLL_CYCLE.toCycle(upTo);
      if (cycle != syncedCycle) {
        switchCycle(cycle);
      }
      syncChannel.force(false);
      durable = upTo;
    } finally {
      syncLock.unlock();
    }
  }

  /** Under syncLock: syncs the cycle files before {@code cycle} not synced yet, then the folder. */
  private void switchCycle(int cycle) throws IOException {
    if (syncChannel != null) {
      syncChannel.force(false);
      syncChannel.close();
      syncChannel = null;
    }
    if (syncedCycle != Integer.MIN_VALUE && syncedCycle + 1 < cycle) {
      NavigableSet<Long> between = queue.listCyclesBetween(syncedCycle + 1, cycle - 1);
      for (long c : between) {
        try (FileChannel ch = FileChannel.open(cycleFile((int) c), StandardOpenOption.WRITE)) {
          ch.force(false);
        }
      }
    }
    syncChannel = FileChannel.open(cycleFile(cycle), StandardOpenOption.WRITE);
    syncChannel.force(false);
    Path metadata = dir.resolve(SingleChronicleQueue.QUEUE_METADATA_FILE);
    if (Files.exists(metadata)) {
      try (FileChannel ch = FileChannel.open(metadata, StandardOpenOption.WRITE)) {
        ch.force(false);
      }
    }
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true); // the new file's name in the folder
    }
    syncedCycle = cycle;
  }

  /** The data file of a cycle: Chronicle's name, the roll cycle's UTC date format + .cq4. */
  Path cycleFile(int cycle) {
    String name =
        CYCLE_FILE_NAME.format(Instant.ofEpochMilli((long) cycle * ROLL_CYCLE.lengthInMillis()));
    return dir.resolve(name + SingleChronicleQueue.SUFFIX);
  }

  /**
   * A reader of the entries with index greater than {@code afterIndex}, in order; {@code afterIndex
   * <= 0} reads from the start.
   */
  public Reader readFrom(long afterIndex) {
    ExcerptTailer tailer = queue.createTailer();
    tailer.singleThreadedCheckDisabled(true);
    // moveToIndex positions AT afterIndex; the reader skips every index <= afterIndex, which also
    // covers an afterIndex that no longer exists (then it reads from the start and skips).
    if (afterIndex <= 0 || !tailer.moveToIndex(afterIndex)) {
      tailer.toStart();
    }
    return new ChronicleReader(tailer, afterIndex);
  }

  /** The index of the last entry, -1 if the cache is empty. */
  public long lastIndex() {
    long last = queue.lastIndex();
    return last < 0 ? -1 : last;
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
        syncUpTo(lastAppended);
      } catch (IOException | RuntimeException e) {
        LOG.errorf(e, "Cannot sync the journal in %s at close", dir);
      }
      syncLock.lock();
      try {
        if (syncChannel != null) {
          syncChannel.close();
          syncChannel = null;
        }
      } catch (IOException e) {
        LOG.debugf(e, "closing the sync channel of %s", dir);
      } finally {
        syncLock.unlock();
      }
      appender.close();
      queue.close();
    } finally {
      appendLock.unlock();
    }
  }

  /** Reads entries in journal order. Owned by one thread at a time. */
  public interface Reader extends AutoCloseable {
    /**
     * The next entry, or empty if none is there yet (a later call may find one).
     *
     * @throws CorruptRecordException if the next entry is damaged; the reader has moved past it, so
     *     the following call returns the entry after it
     */
    Optional<JournalEntry> next();

    @Override
    void close();
  }

  private static final class ChronicleReader implements Reader {
    private final ExcerptTailer tailer;
    private final long afterIndex;
    private byte[] buf = new byte[4096];

    ChronicleReader(ExcerptTailer tailer, long afterIndex) {
      this.tailer = tailer;
      this.afterIndex = afterIndex;
    }

    @Override
    public Optional<JournalEntry> next() {
      while (true) {
        try (DocumentContext dc = tailer.readingDocument()) {
          if (!dc.isPresent()) {
            return Optional.empty();
          }
          long index = dc.index();
          if (index <= afterIndex) {
            continue;
          }
          Bytes<?> bytes = dc.wire().bytes();
          int n = (int) bytes.readRemaining();
          if (buf.length < n) {
            buf = new byte[Math.max(n, buf.length * 2)];
          }
          bytes.read(buf, 0, n);
          return Optional.of(new JournalEntry(index, ChangeRecordCodec.decode(buf, 0, n)));
        }
      }
    }

    @Override
    public void close() {
      tailer.close();
    }
  }
}
