package dev.ferry.monitor.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

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
 * <p>Durability: an append is in the page cache when it returns (survives a crash of this JVM, not
 * a power loss); there is no fsync per append.
 */
public final class BackupCache implements AutoCloseable {
  static {
    // Also passed as -D flags by the build and the launcher; set here in case a caller forgot.
    setIfAbsent("chronicle.analytics.disable", "true");
    setIfAbsent("chronicle.announcer.disable", "true");
  }

  private final Path dir;
  private final ChronicleQueue queue;
  private final ExcerptAppender appender;
  private final ReentrantLock appendLock = new ReentrantLock();
  private byte[] scratch = new byte[4096];

  private BackupCache(Path dir, ChronicleQueue queue) {
    this.dir = dir;
    this.queue = queue;
    this.appender = queue.createAppender();
    appender.singleThreadedCheckDisabled(true);
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }

  /** Opens (creating if needed) the cache in {@code dir}. */
  public static BackupCache open(Path dir) throws IOException {
    Path abs = dir.toAbsolutePath().normalize();
    try {
      Files.createDirectories(abs);
    } catch (IOException | SecurityException e) {
      throw new CacheNotWritableException(abs, "cannot create it (" + e + ")", e);
    }
    if (!Files.isDirectory(abs) || !Files.isWritable(abs)) {
      throw new CacheNotWritableException(abs, "not a writable directory", null);
    }
    ChronicleQueue q;
    try {
      q = SingleChronicleQueueBuilder.binary(abs).rollCycle(RollCycles.FAST_DAILY).build();
    } catch (RuntimeException e) {
      throw new CacheNotWritableException(abs, "cannot open the queue (" + e + ")", e);
    }
    try {
      return new BackupCache(abs, q);
    } catch (RuntimeException e) {
      q.close();
      throw new CacheNotWritableException(abs, "cannot append (" + e + ")", e);
    }
  }

  /** The folder holding the queue files. */
  public Path dir() {
    return dir;
  }

  /** Appends {@code r}; returns its journal index. Thread-safe. */
  public long append(ChangeRecord r) {
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
      return appender.lastIndexAppended();
    } finally {
      appendLock.unlock();
    }
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

  @Override
  public void close() {
    appendLock.lock();
    try {
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
