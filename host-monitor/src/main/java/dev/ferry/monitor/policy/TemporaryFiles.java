package dev.ferry.monitor.policy;

import java.util.List;
import java.util.Locale;

/**
 * Names of editors', browsers' and office suites' temporary, swap, lock and partial files: they
 * never produce change records. Matched on the file name only, case-insensitively for suffixes.
 *
 * <p>Sources: vim {@code :help swap-file}, {@code :help backupext} and the "4913" write test (vim
 * src/bufwrite.c); emacs manual "Auto-Saving" (#x#) and "Interlocking" (.#x); GLib g_file_replace
 * ({@code .goutputstream-XXXXXX}); LibreOffice lock files ({@code .~lock.x#}); Microsoft Office
 * owner files ({@code ~$x}); Chrome {@code .crdownload}, Firefox {@code .part}, Safari {@code
 * .download}, wget/curl {@code .partial}; KDE Kate {@code .kate-swp}; JetBrains "safe write"
 * ({@code x___jb_tmp___}, {@code x___jb_old___}); macOS {@code .DS_Store}; Windows {@code
 * Thumbs.db}. Stateless and thread-safe.
 */
public final class TemporaryFiles {
  private static final List<String> SUFFIXES =
      List.of(
          ".swp",
          ".swx",
          ".swo",
          "~",
          ".tmp",
          ".temp",
          ".crdownload",
          ".part",
          ".partial",
          ".download",
          ".kate-swp",
          "___jb_tmp___",
          "___jb_old___",
          ".bak~");

  private static final List<String> PREFIXES =
      List.of(".goutputstream-", ".~lock.", "~$", ".#", "~lock.");

  private static final List<String> NAMES = List.of("4913", ".ds_store", "thumbs.db");

  private TemporaryFiles() {}

  /** True if a file with this name (no folder part) is temporary and must be ignored. */
  public static boolean isTemporary(String fileName) {
    String lower = fileName.toLowerCase(Locale.ROOT);
    if (NAMES.contains(lower)) {
      return true;
    }
    if (lower.length() > 2 && lower.startsWith("#") && lower.endsWith("#")) {
      return true; // emacs auto-save
    }
    for (String p : PREFIXES) {
      if (lower.startsWith(p)) {
        return true;
      }
    }
    for (String s : SUFFIXES) {
      if (lower.endsWith(s)) {
        return true;
      }
    }
    return false;
  }
}
