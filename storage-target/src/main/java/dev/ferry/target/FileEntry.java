package dev.ferry.target;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * One entry of a snapshot: a regular file or a symbolic link, told apart by {@link #kind}. Build
 * one with {@link #regularFile} (or the five-argument constructor, which means the same) or {@link
 * #symlink}; the canonical constructor checks that the fields fit the kind.
 *
 * @param path '/'-separated relative path like {@code docs/a.txt}; see {@link #checkPath}
 * @param kind what the entry is; decides which of the other fields carry data
 * @param size content bytes, equal to the sum of the chunk lengths; 0 for a link
 * @param mtimeNanos modification time, nanoseconds since the epoch; a link's own time (lstat)
 * @param mode POSIX permission bits (mask 07777); {@link #SYMLINK_MODE} for a link
 * @param chunks the file's content in order; empty for a link
 * @param linkTarget a link's text, exactly as readlink(2) returns it (see {@link
 *     #checkLinkTarget}); the empty string for every other kind
 */
public record FileEntry(
    String path,
    Kind kind,
    long size,
    long mtimeNanos,
    int mode,
    List<ChunkRef> chunks,
    String linkTarget) {

  /** What an entry is. Only these kinds exist in snapshot format version 2. */
  public enum Kind {
    /** A regular file: content in chunks, size, mode. */
    REGULAR_FILE,
    /** A symbolic link: its text only; never followed by the target, the checker or restore. */
    SYMLINK
  }

  /** Longest path in UTF-8 bytes; Linux PATH_MAX, and it keeps the on-disk length a u16. */
  public static final int MAX_PATH_BYTES = 4096;

  /** Longest link text in UTF-8 bytes: Linux PATH_MAX less the terminating NUL. */
  public static final int MAX_LINK_TARGET_BYTES = 4095;

  /** The mode of every link entry: what Linux reports for a link; not stored, never applied. */
  public static final int SYMLINK_MODE = 0777;

  public FileEntry {
    checkPath(path);
    Objects.requireNonNull(kind, "kind of " + path);
    Objects.requireNonNull(linkTarget, "linkTarget of " + path);
    chunks = List.copyOf(chunks);
    switch (kind) {
      case REGULAR_FILE -> checkRegularFile(path, size, mode, chunks, linkTarget);
      case SYMLINK -> checkSymlink(path, size, mode, chunks, linkTarget);
    }
  }

  /** A regular file; the same as {@link #regularFile}. */
  public FileEntry(String path, long size, long mtimeNanos, int mode, List<ChunkRef> chunks) {
    this(path, Kind.REGULAR_FILE, size, mtimeNanos, mode, chunks, "");
  }

  /** A regular file whose content is {@code chunks}, in order, adding up to {@code size}. */
  public static FileEntry regularFile(
      String path, long size, long mtimeNanos, int mode, List<ChunkRef> chunks) {
    return new FileEntry(path, size, mtimeNanos, mode, chunks);
  }

  /**
   * A symbolic link whose text is {@code linkTarget}, which may be relative, absolute, dangling or
   * point outside the snapshot: it is data, never resolved.
   *
   * @param mtimeNanos the link's own modification time (lstat), nanoseconds since the epoch
   * @throws InvalidLinkTargetException if the text is empty, has a NUL, is too long or is not valid
   *     Unicode
   */
  public static FileEntry symlink(String path, String linkTarget, long mtimeNanos) {
    return new FileEntry(path, Kind.SYMLINK, 0, mtimeNanos, SYMLINK_MODE, List.of(), linkTarget);
  }

  public boolean isRegularFile() {
    return kind == Kind.REGULAR_FILE;
  }

  public boolean isSymlink() {
    return kind == Kind.SYMLINK;
  }

  private static void checkRegularFile(
      String path, long size, int mode, List<ChunkRef> chunks, String linkTarget) {
    if ((mode & ~07777) != 0) {
      throw new IllegalArgumentException(
          "mode of " + path + " has bits outside 07777: " + Integer.toOctalString(mode));
    }
    long sum = 0;
    for (ChunkRef c : chunks) {
      sum += c.length();
    }
    if (sum != size) {
      throw new IllegalArgumentException(
          "size of " + path + " is " + size + " but its chunks add up to " + sum);
    }
    if (!linkTarget.isEmpty()) {
      throw new IllegalArgumentException("regular file " + path + " cannot have a link target");
    }
  }

  private static void checkSymlink(
      String path, long size, int mode, List<ChunkRef> chunks, String linkTarget) {
    if (size != 0 || !chunks.isEmpty()) {
      throw new IllegalArgumentException("link " + path + " cannot have content");
    }
    if (mode != SYMLINK_MODE) {
      throw new IllegalArgumentException(
          "mode of link " + path + " must be 0777, got " + Integer.toOctalString(mode));
    }
    checkLinkTarget(path, linkTarget);
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

  /**
   * Checks a link's text: not empty, no NUL, valid Unicode, at most {@link #MAX_LINK_TARGET_BYTES}
   * UTF-8 bytes. Nothing else: the entry path rules do not apply, because the text is never
   * resolved.
   *
   * @param path the link's entry path, for the message
   * @throws InvalidLinkTargetException naming the link
   */
  public static void checkLinkTarget(String path, String linkTarget) {
    Objects.requireNonNull(linkTarget, "linkTarget");
    String why = null;
    if (linkTarget.isEmpty()) {
      why = "empty";
    } else if (linkTarget.indexOf('\0') >= 0) {
      why = "contains NUL";
    } else if (hasUnpairedSurrogate(linkTarget)) {
      why = "is not valid Unicode (unpaired surrogate)";
    } else if (linkTarget.getBytes(StandardCharsets.UTF_8).length > MAX_LINK_TARGET_BYTES) {
      why = "longer than " + MAX_LINK_TARGET_BYTES + " bytes";
    }
    if (why != null) {
      throw new InvalidLinkTargetException(path, why);
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
