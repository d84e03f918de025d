package dev.ferry.monitor.journal;

/** What kind of file a record describes. The ordinal is NOT the wire code: see {@link #code()}. */
public enum FileType {
  /** A regular file: its content is the block map. */
  REGULAR(0),
  /**
   * A symbolic link, recorded as a link (its target text), never followed: it has no blocks, and
   * its size is the length of the target as lstat reports it.
   */
  SYMLINK(1);

  private final int code;

  FileType(int code) {
    this.code = code;
  }

  /** The byte written in format version 2. */
  public int code() {
    return code;
  }

  /** The type for a wire code, or null if unknown. */
  public static FileType ofCode(int code) {
    for (FileType t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    return null;
  }
}
