package dev.ferry.target;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * One file of a snapshot.
 *
 * @param path '/'-separated relative path like {@code docs/a.txt}; see {@link #checkPath}
 * @param size bytes, equal to the sum of the chunk lengths
 * @param mtimeNanos modification time, nanoseconds since the epoch
 * @param mode POSIX permission bits (mask 07777)
 * @param chunks the file's content in order
 */
public record FileEntry(String path, long size, long mtimeNanos, int mode, List<ChunkRef> chunks) {
  /** Longest path in UTF-8 bytes; Linux PATH_MAX, and it keeps the on-disk length a u16. */
  public static final int MAX_PATH_BYTES = 4096;

  public FileEntry {
    checkPath(path);
    if ((mode & ~07777) != 0) {
      throw new IllegalArgumentException(
          "mode of " + path + " has bits outside 07777: " + Integer.toOctalString(mode));
    }
    chunks = List.copyOf(chunks);
    long sum = 0;
    for (ChunkRef c : chunks) {
      sum += c.length();
    }
    if (sum != size) {
      throw new IllegalArgumentException(
          "size of " + path + " is " + size + " but its chunks add up to " + sum);
    }
  }

  /**
   * Checks an entry path: relative, '/'-separated, no empty, "." or ".." segment, no NUL, no
   * backslash, valid Unicode, at most {@link #MAX_PATH_BYTES} UTF-8 bytes. These rules are what
   * keeps restore inside its destination directory.
   *
   * @throws InvalidEntryPathException naming the path
   */
  public static void checkPath(String path) {
    Objects.requireNonNull(path, "path");
    String why = whyInvalid(path);
    if (why != null) {
      throw new InvalidEntryPathException(path, why);
    }
  }

  private static String whyInvalid(String path) {
    if (path.isEmpty()) {
      return "empty";
    }
    if (path.indexOf('\0') >= 0) {
      return "contains NUL";
    }
    if (path.indexOf('\\') >= 0) {
      return "contains a backslash";
    }
    if (hasUnpairedSurrogate(path)) {
      // UTF-8 encoding would turn it into '?' silently: another path, maybe out of order.
      return "is not valid Unicode (unpaired surrogate)";
    }
    if (path.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
      return "longer than " + MAX_PATH_BYTES + " bytes";
    }
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return "has an empty, '.' or '..' segment (or a leading/trailing '/')";
      }
    }
    return null;
  }

  private static boolean hasUnpairedSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }
}
