package dev.ferry.monitor.state;

import java.nio.file.Path;
import java.util.NavigableMap;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The entries of a path-keyed sorted map at or under a folder, found as a range rather than by a
 * scan. Paths compare by their bytes, so everything under {@code /a/b} sorts between {@code /a/b}
 * and {@code /a/b0} ('0' follows '/'); siblings that sort in between ({@code /a/b-x}, {@code
 * /a/b.txt}) are filtered out.
 */
public final class PathRanges {
  private PathRanges() {}

  /** A live view would break on removal while iterating: this is a copy. */
  public static <V> NavigableMap<Path, V> under(NavigableMap<Path, V> map, Path dir) {
    NavigableMap<Path, V> out = new TreeMap<>();
    SortedMap<Path, V> range =
        dir.getFileName() == null
            ? map.tailMap(dir, true)
            : map.subMap(dir, true, upperBound(dir), false);
    for (var e : range.entrySet()) {
      if (e.getKey().startsWith(dir)) {
        out.put(e.getKey(), e.getValue());
      }
    }
    return out;
  }

  private static Path upperBound(Path dir) {
    return dir.resolveSibling(dir.getFileName() + "0");
  }
}
