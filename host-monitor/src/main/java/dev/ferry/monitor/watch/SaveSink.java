package dev.ferry.monitor.watch;

import dev.ferry.monitor.journal.ChangeRecord;
import java.nio.file.Path;

/** Where the detector's decisions go; called on the detector's worker thread. */
public interface SaveSink {
  /**
   * Appends {@code r} to the journal.
   *
   * @return false if it could not be appended (the journal's disk is full): the detector then keeps
   *     its old knowledge of the file, so the rescan that follows once there is room records the
   *     save
   */
  boolean record(ChangeRecord r);

  /** A saved file that could not be read (permissions, I/O error); it got no record. */
  default void unreadable(Path file, String reason) {}
}
