package dev.ferry.monitor;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What needs a person's attention in a running agent, and when it last did its periodic work.
 *
 * @param journalFull appends are refused: the journal's disk has less free space than the reserve
 * @param unrecordedSaves saves that could not be appended since the journal filled up; the rescan
 *     once there is room records them
 * @param unreadableFiles saved files that could not be read since the start (not recorded)
 * @param lastUnreadable the last of them and why; null if none
 * @param polledRoots roots that cannot be watched (inotify watches ran out) and are rescanned on a
 *     schedule instead
 * @param lastCheckpoint when the file-state checkpoint was last written; null if never
 * @param lastRescan when the last reconciliation rescan started; null if none yet
 */
public record MonitorHealth(
    boolean journalFull,
    long unrecordedSaves,
    long unreadableFiles,
    String lastUnreadable,
    List<Path> polledRoots,
    Instant lastCheckpoint,
    Instant lastRescan) {
  public MonitorHealth {
    polledRoots = List.copyOf(polledRoots);
  }

  /** One line per problem that makes the agent unhealthy; empty when healthy. */
  public List<String> problems() {
    List<String> out = new ArrayList<>();
    if (journalFull) {
      out.add(
          "journal disk full: "
              + unrecordedSaves
              + " save(s) not recorded yet; free space on the journal's disk, the agent then"
              + " rescans and records them");
    }
    for (Path root : polledRoots) {
      out.add(
          "cannot watch "
              + root
              + ": inotify watches ran out; raise fs.inotify.max_user_watches (sysctl); until"
              + " then it is rescanned on a schedule");
    }
    return out;
  }

  /** Worth showing, not a failure (a file the agent's user may not read stays unreadable). */
  public List<String> warnings() {
    if (unreadableFiles == 0) {
      return List.of();
    }
    return List.of(unreadableFiles + " saved file(s) could not be read, last: " + lastUnreadable);
  }
}
