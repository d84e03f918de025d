package dev.ferry.monitor.state;

import java.nio.file.Path;
import java.util.Map;

/**
 * The agent's knowledge as of one journal position (src-docs/file-state-index.md).
 *
 * @param coveredIndex the journal index of the last record {@code files} reflects; -1 for none
 * @param coveredCrc the CRC field of the record at {@code coveredIndex}, to recognise the journal
 *     the checkpoint was taken against; 0 when {@code coveredIndex} is -1
 * @param createdAtNanos when it was taken, epoch ns
 * @param files absolute, normalized path → knowledge; immutable
 */
public record StateCheckpoint(
    long coveredIndex, int coveredCrc, long createdAtNanos, Map<Path, KnownFile> files) {
  public StateCheckpoint {
    if (coveredIndex < -1) {
      throw new IllegalArgumentException("coveredIndex < -1: " + coveredIndex);
    }
    files = Map.copyOf(files);
  }
}
