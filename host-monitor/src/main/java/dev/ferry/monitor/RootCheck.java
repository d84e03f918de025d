package dev.ferry.monitor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Whether a policy root can be watched at all; the reason a person can act on if not. */
final class RootCheck {
  private RootCheck() {}

  /**
   * @param own the agent's own folders (state, journal), never watched
   * @param excluded folders never watched (the copy manager's data and target)
   * @throws RootNotUsableException naming the root and the reason
   */
  static void check(Path root, List<Path> own, List<Path> excluded) throws IOException {
    for (Path o : own) {
      if (root.startsWith(o)) {
        throw new RootNotUsableException(root, "it is inside Ferry's own folder " + o);
      }
    }
    for (Path e : excluded) {
      if (root.startsWith(e)) {
        throw new RootNotUsableException(root, "it is inside the excluded folder " + e);
      }
    }
    if (!Files.exists(root)) {
      throw new RootNotUsableException(root, "it does not exist");
    }
    if (Files.isSymbolicLink(root)) {
      // Watches and scans do not follow links; a linked root would silently watch nothing.
      throw new RootNotUsableException(
          root, "it is a symbolic link; configure its target " + root.toRealPath());
    }
    if (!Files.isDirectory(root)) {
      throw new RootNotUsableException(root, "it is not a directory");
    }
    if (!Files.isReadable(root) || !Files.isExecutable(root)) {
      throw new RootNotUsableException(root, "it is not readable");
    }
  }
}
