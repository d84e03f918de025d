package dev.ferry.monitor;

import dev.ferry.monitor.staging.StagingUsage;
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
 * @param staging the every-save staging store's figures; null without one
 * @param unstagedSaves every-save saves recorded without a staged copy (over the quota)
 * @param lastUnstaged the last of them and why; null if none
 */
public record MonitorHealth(
    boolean journalFull,
    long unrecordedSaves,
    long unreadableFiles,
    String lastUnreadable,
    List<Path> polledRoots,
    Instant lastCheckpoint,
    Instant lastRescan,
    StagingUsage staging,
    long unstagedSaves,
    String lastUnstaged) {
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

  /**
   * Worth showing, not a failure: files the agent's user may not read, every-save versions lost to
   * the staging quota.
   */
  public List<String> warnings() {
    List<String> out = new ArrayList<>();
    if (unreadableFiles > 0) {
      out.add(unreadableFiles + " saved file(s) could not be read, last: " + lastUnreadable);
    }
    if (staging != null && staging.versionsEvicted() > 0) {
      out.add(
          staging.versionsEvicted()
              + " every-save version(s) evicted from staging before they were copied (quota "
              + staging.quotaBytes() / (1024 * 1024)
              + " MiB)"
              + staging.lastEvictionWarning().map(w -> ", last: " + w).orElse(""));
    }
    if (unstagedSaves > 0) {
      out.add(unstagedSaves + " every-save save(s) not staged, last: " + lastUnstaged);
    }
    if (staging != null && staging.damagedFiles() > 0) {
      out.add(staging.damagedFiles() + " damaged staging file(s) set aside");
    }
    return out;
  }

  /** No problems, no warnings, nothing staged: an agent that has done nothing yet. */
  public static MonitorHealth idle() {
    return new MonitorHealth(false, 0, 0, null, List.of(), null, null, null, 0, null);
  }
}
