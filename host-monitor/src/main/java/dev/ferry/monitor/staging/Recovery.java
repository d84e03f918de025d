package dev.ferry.monitor.staging;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Open-time scan of {@code packs/} (src-docs/staging-format.md rule 10, first three steps): deletes
 * temp files, resolves an id found in several states, decodes every pack into the index and sets
 * aside the ones that do not decode. Never follows a link; deletes nothing else.
 */
final class Recovery {
  private static final PackState[] MOST_ADVANCED_FIRST = {
    PackState.RESIDUE, PackState.BASE, PackState.STAGE
  };

  private Recovery() {}

  /** A pack file left on disk unread: not counted against the quota, never deleted. */
  record Damaged(Path file, long size, String reason) {}

  /**
   * @param damaged files set aside
   * @param tempsDeleted temp files removed
   * @param maxIdSeen the highest id in any pack name, damaged ones included (0 if none)
   */
  record Result(List<Damaged> damaged, int tempsDeleted, long maxIdSeen) {}

  static Result run(Path packs, StoreIndex idx) throws IOException {
    Map<Long, EnumMap<PackState, Path>> byId = new TreeMap<>();
    List<Damaged> damaged = new ArrayList<>();
    int temps = 0;
    long maxId = 0;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(packs)) {
      for (Path f : ds) {
        String name = f.getFileName().toString();
        BasicFileAttributes a =
            Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (name.endsWith(Durable.TEMP_SUFFIX)) {
          if (!a.isDirectory()) {
            Files.delete(f); // a link is removed itself, its target is untouched
            temps++;
          }
          continue;
        }
        var parsed = PackFile.parseName(name);
        if (parsed.isEmpty()) {
          continue;
        }
        maxId = Math.max(maxId, parsed.get().id());
        if (!a.isRegularFile()) {
          damaged.add(new Damaged(f, 0, "not a regular file"));
          continue;
        }
        byId.computeIfAbsent(parsed.get().id(), k -> new EnumMap<>(PackState.class))
            .put(parsed.get().state(), f);
      }
    }
    if (temps > 0) {
      Durable.fsyncDir(packs);
    }
    for (Map.Entry<Long, EnumMap<PackState, Path>> e : byId.entrySet()) {
      load(e.getKey(), e.getValue(), idx, damaged);
    }
    return new Result(List.copyOf(damaged), temps, maxId);
  }

  /** Keeps the most advanced state that decodes; deletes the less advanced duplicates. */
  private static void load(
      long id, EnumMap<PackState, Path> files, StoreIndex idx, List<Damaged> damaged)
      throws IOException {
    Pack winner = null;
    for (PackState s : MOST_ADVANCED_FIRST) {
      Path f = files.get(s);
      if (f == null) {
        continue;
      }
      if (winner != null) {
        Durable.delete(f);
        continue;
      }
      long size = Files.size(f);
      try {
        winner = new Pack(f, s, size, PackFile.readLayout(f, id, s));
      } catch (CorruptStagingFileException ex) {
        damaged.add(new Damaged(f, size, ex.getMessage()));
      }
    }
    if (winner != null) {
      idx.put(winner);
    }
  }
}
