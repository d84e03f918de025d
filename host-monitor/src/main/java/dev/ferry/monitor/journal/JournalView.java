package dev.ferry.monitor.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;

/**
 * A read-only view of a journal another process appends to (the running agent): for status
 * commands, tests and the copy manager's reader in fleet mode. It never creates, syncs or trims a
 * file. Thread-safety: one reader per thread.
 */
public final class JournalView implements AutoCloseable {
  static {
    ChronicleDefaults.apply();
  }

  private final SingleChronicleQueue queue;

  private JournalView(SingleChronicleQueue queue) {
    this.queue = queue;
  }

  /**
   * Opens the journal in {@code dir} read-only.
   *
   * @throws IOException if there is no journal there
   */
  public static JournalView open(Path dir) throws IOException {
    if (!Files.isRegularFile(dir.resolve(SingleChronicleQueue.QUEUE_METADATA_FILE))) {
      throw new IOException("no journal in " + dir);
    }
    return new JournalView(
        SingleChronicleQueueBuilder.binary(dir)
            .rollCycle(net.openhft.chronicle.queue.RollCycles.FAST_DAILY)
            .readOnly(true)
            .build());
  }

  /** Entries with an index greater than {@code afterIndex}; {@code <= 0} reads from the start. */
  public JournalReader readFrom(long afterIndex) {
    return ChronicleReader.after(queue.createTailer(), afterIndex);
  }

  /** The last index, -1 if empty. */
  public long lastIndex() {
    long last = queue.lastIndex();
    return last < 0 ? -1 : last;
  }

  @Override
  public void close() {
    queue.close();
  }
}
