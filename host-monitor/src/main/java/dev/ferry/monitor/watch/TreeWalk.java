package dev.ferry.monitor.watch;

import dev.ferry.monitor.state.FileState;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * Visits the regular files and symbolic links under a folder, never following a link (a linked
 * folder is reported as a link, not entered), skipping excluded folders and what cannot be read.
 */
final class TreeWalk {
  private static final Logger LOG = Logger.getLogger(TreeWalk.class);

  /** Told each file found, with its state. */
  interface FileAction {
    void accept(Path file, FileState st);
  }

  private TreeWalk() {}

  /**
   * @param skipDir folders not entered (the agent's own, excluded ones)
   * @param follows files worth a stat (recordable names)
   */
  static void walk(Path dir, Predicate<Path> skipDir, Predicate<Path> follows, FileAction action) {
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
              return skipDir.test(d) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
              if ((attrs.isRegularFile() || attrs.isSymbolicLink()) && follows.test(f)) {
                FileState st = FileState.read(f);
                if (st != null) {
                  action.accept(f, st);
                }
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path f, IOException e) {
              LOG.debugf("not scanning %s: %s", f, e.toString());
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      LOG.warnf("cannot scan %s: %s", dir, e.toString());
    }
  }
}
