package dev.ferry.manager.drain;

import java.nio.file.Path;

/** Where a watched file appears in a snapshot: {@code <root folder name>/<path below root>}. */
public final class SnapshotPaths {
  private SnapshotPaths() {}

  public static String label(String root) {
    Path name = Path.of(root).getFileName();
    return name == null ? "root" : name.toString();
  }

  public static String of(String root, String relativePath) {
    return label(root) + "/" + relativePath;
  }
}
