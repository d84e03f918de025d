package dev.ferry.manager.drain;

import dev.ferry.monitor.journal.BackupCache;
import dev.ferry.monitor.journal.ChangeKind;
import dev.ferry.monitor.journal.ChangeRecord;
import dev.ferry.monitor.journal.CorruptRecordException;
import dev.ferry.monitor.journal.JournalEntry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The records of a backup cache that are due, coalesced to the newest change per snapshot path: one
 * snapshot's worth. A rename counts as a delete of the old path and a create of the new one, so a
 * later edit of the new path cannot hide the disappearance of the old.
 *
 * <p>Every-save versions are never coalesced away: the read stops before a record that would
 * replace a staged version of the same path (a newer save, a delete, a rename away), so that
 * version gets a snapshot of its own; {@code more} then says the due run goes on from {@code
 * lastIndex}. Each snapshot is the state of the tree as of one point of the journal.
 *
 * @param changes newest change per snapshot path, in journal order of that change
 * @param recordsRead how many records were consumed
 * @param lastIndex journal index of the last consumed record; the drain position after commit
 * @param damaged records that could not be decoded (torn or rotted); skipped, and reported
 * @param more the read stopped at an every-save version boundary: more records are due
 */
public record DueRecords(
    Map<String, Change> changes,
    int recordsRead,
    long lastIndex,
    List<String> damaged,
    boolean more) {

  /** What is to happen to one snapshot path. */
  public record Change(String snapshotPath, ChangeRecord record, boolean delete) {}

  public boolean isEmpty() {
    return recordsRead == 0;
  }

  public Collection<Change> all() {
    return changes.values();
  }

  /**
   * Reads from just after {@code afterIndex} up to the first record saved after {@code cutoffNanos}
   * (epoch ns). Records are appended in save order, so the first too-young record ends the due run.
   */
  public static DueRecords read(BackupCache cache, long afterIndex, long cutoffNanos) {
    Map<String, Change> changes = new LinkedHashMap<>();
    List<String> damaged = new ArrayList<>();
    int read = 0;
    long last = afterIndex;
    boolean more = false;
    try (BackupCache.Reader reader = cache.readFrom(afterIndex)) {
      for (Optional<JournalEntry> e = next(reader, damaged);
          e.isPresent();
          e = next(reader, damaged)) {
        ChangeRecord r = e.get().record();
        if (r.savedAtNanos() > cutoffNanos) {
          break;
        }
        if (replacesAStagedVersion(changes, r)) {
          more = true;
          break;
        }
        add(changes, r);
        read++;
        last = e.get().index();
      }
    }
    return new DueRecords(changes, read, last, damaged, more);
  }

  /** True if {@code r} would coalesce away an every-save version already in {@code changes}. */
  private static boolean replacesAStagedVersion(Map<String, Change> changes, ChangeRecord r) {
    List<String> touched = new ArrayList<>(2);
    touched.add(SnapshotPaths.of(r.root(), r.path()));
    if (r.kind() == ChangeKind.RENAMED && r.renamedFrom() != null) {
      touched.add(SnapshotPaths.of(r.root(), r.renamedFrom()));
    }
    for (String path : touched) {
      Change c = changes.get(path);
      if (c != null && !c.delete() && c.record().stageId() != ChangeRecord.NOT_STAGED) {
        return true;
      }
    }
    return false;
  }

  /**
   * Where the due records of a host start: after the catalog's drain position; for a host the
   * catalog has none for, after the journal's acknowledgement. The acknowledgement is only ever
   * written after a catalog commit, and a commit only after the target holds the snapshot, so every
   * record up to it is in a snapshot on the target. A catalog rebuilt from the target ({@code ferry
   * catalog rebuild}) has no drain positions: without this its first drain would read the whole
   * retained journal again, and report every-save versions already copied and released as lost.
   */
  public static long startAfter(long catalogPosition, BackupCache cache) {
    return catalogPosition >= 0 ? catalogPosition : Math.max(catalogPosition, cache.acknowledged());
  }

  /**
   * The next decodable record. A damaged one is noted and passed over (the reader has already moved
   * past it): one rotted record must not stop every later drain.
   */
  static Optional<JournalEntry> next(BackupCache.Reader reader, List<String> damaged) {
    while (true) {
      try {
        return reader.next();
      } catch (CorruptRecordException e) {
        damaged.add(e.getMessage());
      }
    }
  }

  private static void add(Map<String, Change> changes, ChangeRecord r) {
    if (r.kind() == ChangeKind.RENAMED && r.renamedFrom() != null) {
      put(changes, new Change(SnapshotPaths.of(r.root(), r.renamedFrom()), r, true));
    }
    String path = SnapshotPaths.of(r.root(), r.path());
    put(changes, new Change(path, r, r.kind() == ChangeKind.DELETED));
  }

  private static void put(Map<String, Change> changes, Change c) {
    // Remove first so the map's order follows the newest change, not the first sight.
    changes.remove(c.snapshotPath());
    changes.put(c.snapshotPath(), c);
  }
}
