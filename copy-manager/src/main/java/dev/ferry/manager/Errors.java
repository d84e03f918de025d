package dev.ferry.manager;

import dev.ferry.target.TargetFullException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/** One line that tells a person what went wrong, from an exception and its causes. */
public final class Errors {
  private Errors() {}

  /**
   * The deepest non-blank message in the cause chain (JDBC and Quarkus wrap the server's or the
   * file system's reason deep inside), with file-system exceptions spelled out, on one line. A full
   * target stops the search: its message names the file and the disk, the JDK's beneath it neither.
   */
  public static String oneLine(Throwable e) {
    String best = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof TargetFullException) {
        best = t.getMessage();
        break;
      }
      String m = describe(t);
      if (m != null) {
        best = m;
      }
    }
    return (best == null ? e.getClass().getSimpleName() : best).replace('\n', ' ').strip();
  }

  private static String describe(Throwable t) {
    if (t instanceof NoSuchFileException f) {
      return "no such file or directory: " + f.getFile();
    }
    if (t instanceof AccessDeniedException f) {
      return "permission denied: " + f.getFile();
    }
    if (t instanceof FileSystemException f && f.getReason() != null) {
      return f.getFile() + ": " + f.getReason();
    }
    String m = t.getMessage();
    return m == null || m.isBlank() ? null : m;
  }
}
