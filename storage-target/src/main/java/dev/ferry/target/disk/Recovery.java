package dev.ferry.target.disk;

import dev.ferry.target.container.ContainerFormat;
import dev.ferry.target.index.ChunkIndex;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Cleans up after a crashed writer. Call only while holding the {@link WriterLock}: without it, a
 * live writer's temp files and its not-yet-indexed containers would look exactly like a crash's.
 */
public final class Recovery {
  /** What recovery removed, relative to the target root. */
  public record Result(List<String> deletedTemps, List<String> deletedContainers) {}

  private Recovery() {}

  /**
   * Deletes temp files everywhere, and containers no index covers. Segment files no root names are
   * left for prune, which reads every root anyway. A container no index covers was written by a
   * commit that never wrote its index, so no snapshot can reference it (indexes are written before
   * snapshot roots): deleting it loses nothing. Containers are kept if any index file failed to
   * load, because then "not covered" cannot be told apart from "covered by the damaged index".
   */
  public static Result run(
      TargetLayout layout, TargetFs fs, ChunkIndex index, boolean allIndexesLoaded)
      throws IOException {
    List<String> temps = new ArrayList<>();
    List<String> containers = new ArrayList<>();
    for (Path dir : List.of(layout.root(), layout.index(), layout.snapshots())) {
      deleteTemps(layout, fs, dir, temps);
    }
    // Made by the first writer of version 3 roots, so a target from before it has none.
    if (Files.isDirectory(layout.segments(), LinkOption.NOFOLLOW_LINKS)) {
      deleteTemps(layout, fs, layout.segments(), temps);
    }
    for (Path sub : subdirs(layout.data())) {
      deleteTemps(layout, fs, sub, temps);
      if (allIndexesLoaded) {
        deleteUncovered(layout, fs, sub, index, containers);
      }
    }
    return new Result(temps, containers);
  }

  private static void deleteTemps(TargetLayout layout, TargetFs fs, Path dir, List<String> out)
      throws IOException {
    boolean any = false;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + TargetLayout.TEMP_SUFFIX)) {
      for (Path p : ds) {
        if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && fs.deleteIfExists(p)) {
          out.add(layout.relative(p));
          any = true;
        }
      }
    }
    if (any) {
      fs.fsyncDir(dir);
    }
  }

  private static void deleteUncovered(
      TargetLayout layout, TargetFs fs, Path dir, ChunkIndex index, List<String> out)
      throws IOException {
    boolean any = false;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        String id = p.getFileName().toString();
        if (ContainerFormat.isValidId(id)
            && !index.coversContainer(id)
            && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
            && fs.deleteIfExists(p)) {
          out.add(layout.relative(p));
          any = true;
        }
      }
    }
    if (any) {
      fs.fsyncDir(dir);
    }
  }

  /**
   * The two-hex-digit fan-out directories under data/. A symlink is not one of ours even if it
   * points at a directory: following it would let recovery delete files outside the target.
   */
  public static List<Path> subdirs(Path data) throws IOException {
    List<Path> dirs = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(data)) {
      for (Path p : ds) {
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
            && p.getFileName().toString().matches("[0-9a-f]{2}")) {
          dirs.add(p);
        }
      }
    }
    dirs.sort(null);
    return dirs;
  }
}
