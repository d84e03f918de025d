package dev.ferry.target;

import java.util.Objects;
import java.util.Optional;

/**
 * How one path differs between two snapshots, as {@link DiskTarget#diff} reports it.
 *
 * @param change what changed
 * @param path the entry path
 * @param before the entry in the older snapshot; empty when {@link Change#ADDED}
 * @param after the entry in the newer snapshot; empty when {@link Change#REMOVED}
 */
public record EntryChange(
    Change change, String path, Optional<FileEntry> before, Optional<FileEntry> after) {

  /** Kinds of change, each with the letter {@code ferry diff} prints (restic's letters). */
  public enum Change {
    /** Only in the newer snapshot. */
    ADDED('+'),
    /** Only in the older snapshot. */
    REMOVED('-'),
    /** Same kind, other content: a file's size or chunks, a link's text. */
    MODIFIED('M'),
    /** A regular file became a link or the other way round. */
    TYPE_CHANGED('T'),
    /** Same kind and content; mode or mtime differ. */
    METADATA('U');

    private final char letter;

    Change(char letter) {
      this.letter = letter;
    }

    public char letter() {
      return letter;
    }
  }

  public EntryChange {
    Objects.requireNonNull(change, "change");
    Objects.requireNonNull(path, "path");
    if (before.isEmpty() != (change == Change.ADDED)
        || after.isEmpty() != (change == Change.REMOVED)) {
      throw new IllegalArgumentException(change + " of " + path + " with before " + before);
    }
  }

  /**
   * The change from {@code before} to {@code after} (same path), or empty when they are equal in
   * kind, content, mode and mtime.
   */
  public static Optional<EntryChange> between(FileEntry before, FileEntry after) {
    if (!before.path().equals(after.path())) {
      throw new IllegalArgumentException(before.path() + " compared with " + after.path());
    }
    Change c;
    if (before.kind() != after.kind()) {
      c = Change.TYPE_CHANGED;
    } else if (before.size() != after.size()
        || !before.chunks().equals(after.chunks())
        || !before.linkTarget().equals(after.linkTarget())) {
      c = Change.MODIFIED;
    } else if (before.mode() != after.mode() || before.mtimeNanos() != after.mtimeNanos()) {
      c = Change.METADATA;
    } else {
      return Optional.empty();
    }
    return Optional.of(new EntryChange(c, after.path(), Optional.of(before), Optional.of(after)));
  }

  /** {@code "M docs/a.txt"}: the letter, a space, the path. */
  @Override
  public String toString() {
    return change.letter() + " " + path;
  }
}
