package dev.ferry.manager.it;

import dev.ferry.monitor.journal.ChangeKind;
import dev.ferry.monitor.journal.ChangeRecord;
import dev.ferry.monitor.journal.CorruptRecordException;
import dev.ferry.monitor.journal.JournalEntry;
import dev.ferry.monitor.journal.JournalReader;
import dev.ferry.monitor.journal.JournalView;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What an agent's journal says of each path under one root, read from outside as the journal grows
 * (read-only, while an agent may be appending): the newest record of each path that is not deleted
 * (a RENAMED record removes its {@code renamedFrom}), and the index of the newest record naming
 * each path in either field. A damaged record fails the test. Not thread-safe.
 */
final class NewestRecords {
  private final Path journal;
  private final String root;
  private final Map<String, ChangeRecord> live = new HashMap<>();
  private final Map<String, Long> lastNamed = new HashMap<>();
  private long lastIndex = -1;
  private long read;
  private long countFrom = Long.MAX_VALUE;
  private final Map<String, Integer> namedSince = new HashMap<>();

  NewestRecords(Path journal, Path root) {
    this.journal = journal;
    this.root = root.toString();
  }

  /** Reads the records appended since the last call. */
  void catchUp() throws IOException {
    if (!Files.isDirectory(journal)) {
      return;
    }
    try (JournalView view = JournalView.open(journal);
        JournalReader r = view.readFrom(lastIndex)) {
      while (true) {
        Optional<JournalEntry> e;
        try {
          e = r.next();
        } catch (CorruptRecordException damaged) {
          throw new AssertionError(
              "damaged journal record after index " + lastIndex + " in " + journal, damaged);
        }
        if (e.isEmpty()) {
          return;
        }
        apply(e.get());
      }
    }
  }

  private void apply(JournalEntry e) {
    ChangeRecord r = e.record();
    if (!r.root().equals(root)) {
      throw new AssertionError("record of another root at index " + e.index() + ": " + r);
    }
    if (e.index() <= lastIndex) {
      throw new AssertionError("index " + e.index() + " after " + lastIndex);
    }
    lastIndex = e.index();
    read++;
    name(r.path(), e.index());
    if (r.kind() == ChangeKind.RENAMED) {
      name(r.renamedFrom(), e.index());
      live.remove(r.renamedFrom());
    }
    if (r.kind() == ChangeKind.DELETED) {
      live.remove(r.path());
    } else {
      live.put(r.path(), r);
    }
  }

  private void name(String path, long index) {
    lastNamed.put(path, index);
    if (index > countFrom) {
      namedSince.merge(path, 1, Integer::sum);
    }
  }

  /**
   * Counts, from now on, the records naming each path with an index above {@code index} (records
   * already read are not counted).
   */
  void countFrom(long index) {
    countFrom = index;
    namedSince.clear();
  }

  /** Paths named by more than one of the records counted since {@link #countFrom}. */
  long namedTwiceSinceCount() {
    return namedSince.values().stream().filter(n -> n > 1).count();
  }

  /** The newest record of {@code path} if it is not deleted, else null. */
  ChangeRecord live(String path) {
    return live.get(path);
  }

  /** Paths whose newest record is not DELETED (nor renamed away); a copy. */
  Map<String, ChangeRecord> live() {
    return Map.copyOf(live);
  }

  /** Index of the newest record with {@code path} as its path or renamedFrom; -1 if none. */
  long lastNamed(String path) {
    return lastNamed.getOrDefault(path, -1L);
  }

  /** Index of the last record read; -1 if none. */
  long lastIndex() {
    return lastIndex;
  }

  /** Records read so far. */
  long count() {
    return read;
  }
}
