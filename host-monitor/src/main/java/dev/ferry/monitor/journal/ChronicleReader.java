package dev.ferry.monitor.journal;

import java.util.Optional;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;

/** A {@link JournalReader} over a Chronicle tailer: decodes each excerpt as one record. */
final class ChronicleReader implements BackupCache.Reader {
  private final ExcerptTailer tailer;
  private final long afterIndex;
  private byte[] buf = new byte[4096];

  /**
   * @param afterIndex entries at or before it are skipped (the tailer may start earlier: an index
   *     that no longer exists puts it at the start)
   */
  ChronicleReader(ExcerptTailer tailer, long afterIndex) {
    this.tailer = tailer;
    this.afterIndex = afterIndex;
  }

  /**
   * Positions a new tailer just after {@code afterIndex}; {@code afterIndex <= 0} reads from the
   * start.
   */
  static ChronicleReader after(ExcerptTailer tailer, long afterIndex) {
    tailer.singleThreadedCheckDisabled(true);
    // moveToIndex positions AT afterIndex; the reader skips every index <= afterIndex, which also
    // covers an afterIndex that no longer exists (then it reads from the start and skips).
    if (afterIndex <= 0 || !tailer.moveToIndex(afterIndex)) {
      tailer.toStart();
    }
    return new ChronicleReader(tailer, afterIndex);
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
