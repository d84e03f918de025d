package dev.ferry.manager.rebuild;

import dev.ferry.target.FileEntry;
import dev.ferry.target.Snapshot;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The file versions of one host, recovered from its snapshots taken in id order: as the drain
 * records them, a version is live from the snapshot where its entry first appears up to the next
 * snapshot of the same host where the entry differs or is gone. Each snapshot is compared with the
 * host's previous one on the target, not with its parent: a parent forgotten on the target is no
 * gap in the history, and another host's snapshots never end a version of this one.
 *
 * <p>A version is written once its range is known (when it ends, or at {@link #finish}), so no row
 * is ever updated. Memory: the entries of the host's newest snapshot. Not thread-safe.
 */
final class HostHistory {
  private record Live(FileEntry entry, long fileId, long firstSnapshot) {}

  private final long hostId;
  private final ChunkCensus census;
  private final Map<String, Live> current = new HashMap<>();
  private final Map<String, Long> fileIds = new HashMap<>();

  HostHistory(long hostId, ChunkCensus census) {
    this.hostId = hostId;
    this.census = census;
  }

  /** Takes in the host's next snapshot. */
  void apply(Snapshot s, CatalogWriter w) throws SQLException {
    long id = s.info().id();
    Set<String> present = new HashSet<>(s.entries().size() * 2);
    for (FileEntry e : s.entries()) {
      present.add(e.path());
      Live was = current.get(e.path());
      if (was != null && was.entry.equals(e)) {
        continue;
      }
      if (was != null) {
        w.version(was.fileId, was.entry, was.firstSnapshot, id, census);
      }
      Long fileId = fileIds.get(e.path());
      if (fileId == null) {
        fileId = w.watchedFile(hostId, e.path());
        fileIds.put(e.path(), fileId);
      }
      current.put(e.path(), new Live(e, fileId, id));
    }
    for (Iterator<Map.Entry<String, Live>> it = current.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Live> m = it.next();
      if (!present.contains(m.getKey())) {
        Live gone = m.getValue();
        w.version(gone.fileId, gone.entry, gone.firstSnapshot, id, census);
        it.remove();
      }
    }
  }

  /** Writes the current versions: live in the host's newest snapshot, not superseded. */
  void finish(CatalogWriter w) throws SQLException {
    for (Live l : current.values()) {
      w.version(l.fileId, l.entry, l.firstSnapshot, null, census);
    }
    current.clear();
  }

  /** Watched files of this host: every path any of its snapshots held. */
  int files() {
    return fileIds.size();
  }
}
