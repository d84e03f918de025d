package dev.ferry.manager.config;

import java.nio.file.Path;

/** Turns a target argument (a folder or {@code file:DIR}) into the folder of a disk target. */
public final class TargetLocation {
  private TargetLocation() {}

  public static Path diskFolder(String target) {
    if (target.startsWith("file:")) {
      return Path.of(target.substring("file:".length()));
    }
    int colon = target.indexOf(':');
    int slash = target.indexOf('/');
    if (colon > 1 && (slash < 0 || colon < slash)) {
      throw new IllegalArgumentException(
          "target " + target + ": only disk targets (a folder or file:DIR) are supported so far");
    }
    return Path.of(target);
  }
}
