package dev.ferry.monitor.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.NavigableSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

/**
 * Makes journal records durable against power loss: fdatasync ({@code FileChannel.force(false)}) of
 * the Chronicle cycle file holding the newest record, which on Linux writes back the pages dirtied
 * through Chronicle's mapping too. Chronicle's own {@code sync()} is an {@code msync(MS_ASYNC)} of
 * the current chunk only, so it is not used (decision 0005). A new cycle file also gets the earlier
 * cycles not yet synced, the metadata file and the folder synced, so its name survives.
 * Thread-safe.
 */
final class CycleSync {
  private final Path dir;
  private final SingleChronicleQueue queue;
  private final RollCycle rollCycle;
  private final LongSupplier lastAppended;
  private final DateTimeFormatter fileNames;

  /** Guards the sync state below; never held while taking the append lock. */
  private final ReentrantLock lock = new ReentrantLock();

  private int syncedCycle = Integer.MIN_VALUE;
  private FileChannel channel;

  /** Highest index whose cycle file has been fdatasynced since it was appended. */
  private volatile long durable = -1;

  CycleSync(Path dir, SingleChronicleQueue queue, RollCycle rollCycle, LongSupplier lastAppended) {
    this.dir = dir;
    this.queue = queue;
    this.rollCycle = rollCycle;
    this.lastAppended = lastAppended;
    this.fileNames = DateTimeFormatter.ofPattern(rollCycle.format()).withZone(ZoneOffset.UTC);
  }

  long durableIndex() {
    return durable;
  }

  /**
   * Makes every index up to at least {@code target} durable: one fdatasync covers every record
   * appended before it started, so concurrent callers share it.
   */
  void syncUpTo(long target) throws IOException {
    if (target < 0 || durable >= target) {
      return;
    }
    lock.lock();
    try {
      if (durable >= target) {
        return; // another thread's sync covered it
      }
      long upTo = lastAppended.getAsLong(); // complete appends only; >= target
      int cycle = rollCycle.toCycle(upTo);
      if (cycle != syncedCycle) {
        switchCycle(cycle);
      }
      channel.force(false);
      durable = upTo;
    } finally {
      lock.unlock();
    }
  }

  /** Under the lock: syncs the cycle files before {@code cycle} not synced yet, then the folder. */
  private void switchCycle(int cycle) throws IOException {
    if (channel != null) {
      channel.force(false);
      channel.close();
      channel = null;
    }
    if (syncedCycle != Integer.MIN_VALUE && syncedCycle + 1 < cycle) {
      NavigableSet<Long> between = queue.listCyclesBetween(syncedCycle + 1, cycle - 1);
      for (long c : between) {
        try (FileChannel ch = FileChannel.open(cycleFile((int) c), StandardOpenOption.WRITE)) {
          ch.force(false);
        } catch (NoSuchFileException e) {
          // trimmed meanwhile: acknowledged, so it was synced long ago
        }
      }
    }
    channel = FileChannel.open(cycleFile(cycle), StandardOpenOption.WRITE);
    channel.force(false);
    Path metadata = dir.resolve(SingleChronicleQueue.QUEUE_METADATA_FILE);
    if (Files.exists(metadata)) {
      try (FileChannel ch = FileChannel.open(metadata, StandardOpenOption.WRITE)) {
        ch.force(false);
      }
    }
    fsyncFolder(dir);
    syncedCycle = cycle;
  }

  /** The data file of a cycle: Chronicle's name, the roll cycle's UTC date format + .cq4. */
  Path cycleFile(int cycle) {
    String name = fileNames.format(Instant.ofEpochMilli((long) cycle * rollCycle.lengthInMillis()));
    return dir.resolve(name + SingleChronicleQueue.SUFFIX);
  }

  static void fsyncFolder(Path dir) throws IOException {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    }
  }

  /** Closes the channel held for the current cycle. */
  void close() throws IOException {
    lock.lock();
    try {
      if (channel != null) {
        channel.close();
        channel = null;
      }
    } finally {
      lock.unlock();
    }
  }
}
