package dev.ferry.monitor.journal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The two positions that bound what the journal must keep, and the rule that trims it: a cycle file
 * may go once every record in it is both acknowledged by the copy manager (copied to the targets
 * and committed in the catalog) and no longer needed by the agent (covered by the older of its two
 * file-state checkpoints). The acknowledgement is kept in {@value #ACK_FILE} (write-temp-then-
 * rename), so a restart trims without waiting for the next drain; losing it only delays trimming.
 * Thread-safe.
 */
final class JournalTrim {
  static final String ACK_FILE = "acknowledged";

  private final Path dir;
  private volatile long acknowledged;
  private volatile long retainFrom = -1;

  private JournalTrim(Path dir, long acknowledged) {
    this.dir = dir;
    this.acknowledged = acknowledged;
  }

  static JournalTrim open(Path dir) {
    return new JournalTrim(dir, readAck(dir.resolve(ACK_FILE)));
  }

  private static long readAck(Path file) {
    try {
      return Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).strip());
    } catch (NoSuchFileException e) {
      return -1;
    } catch (IOException | NumberFormatException e) {
      return -1; // damaged: nothing is trimmed until the next acknowledgement
    }
  }

  long acknowledged() {
    return acknowledged;
  }

  long retainFrom() {
    return retainFrom;
  }

  /** Raises the acknowledged index (never lowers it) and persists it. */
  synchronized void acknowledge(long index) throws IOException {
    if (index <= acknowledged) {
      return;
    }
    Path tmp = dir.resolve(ACK_FILE + ".tmp");
    Files.writeString(tmp, index + "\n", StandardCharsets.US_ASCII);
    Files.move(tmp, dir.resolve(ACK_FILE), StandardCopyOption.ATOMIC_MOVE);
    acknowledged = index;
  }

  void retainFrom(long index) {
    retainFrom = index;
  }

  /**
   * The last journal index both bounds allow to go; -1 if none. The record at the bound itself
   * stays (the agent re-reads it to recognise its journal), so its cycle stays too.
   */
  long bound() {
    return Math.min(acknowledged, retainFrom);
  }
}
