package dev.ferry.monitor.journal;

/** What happened to a file. The ordinal is NOT the wire code: see {@link #code()}. */
public enum ChangeKind {
  CREATED(0),
  MODIFIED(1),
  DELETED(2),
  RENAMED(3);

  private final int code;

  ChangeKind(int code) {
    this.code = code;
  }

  /** The byte written in format version 1. */
  public int code() {
    return code;
  }

  /** The kind for a wire code, or null if unknown. */
  public static ChangeKind ofCode(int code) {
    for (ChangeKind k : values()) {
      if (k.code == code) {
        return k;
      }
    }
    return null;
  }
}
