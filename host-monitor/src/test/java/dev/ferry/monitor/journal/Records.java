package dev.ferry.monitor.journal;

import dev.ferry.monitor.blockmap.Block;
import dev.ferry.monitor.blockmap.BlockMap;
import java.util.List;

/** Sample records for tests. */
final class Records {
  private Records() {}

  /**
   * The version-1 samples of the fuzz corpus ({@code modified}, {@code renamed}, {@code deleted})
   * decode to these with an unknown ctime; the version-2 ones carry {@link #CTIME}.
   */
  static final long CTIME = 1_763_000_002_500_000_000L;

  static ChangeRecord modified(String path) {
    return modified(path, CTIME);
  }

  static ChangeRecord modified(String path, long ctime) {
    return new ChangeRecord(
        "host-ä1",
        "/home/anna/Documents",
        path,
        ChangeKind.MODIFIED,
        null,
        FileType.REGULAR,
        null,
        2049,
        123456789,
        100_000,
        1_763_000_000_123_456_789L,
        ctime,
        0644,
        "default",
        1_763_000_001_000_000_000L,
        1_763_000_003_000_000_000L,
        ChangeRecord.NOT_STAGED,
        new BlockMap(
            List.of(new Block(0, 30_000, 0x1122334455667788L), new Block(30_000, 70_000, -42L))));
  }

  static ChangeRecord renamed() {
    return renamed(CTIME);
  }

  static ChangeRecord renamed(long ctime) {
    return new ChangeRecord(
        "h",
        "/r",
        "b/new.txt",
        ChangeKind.RENAMED,
        "a/old.txt",
        FileType.REGULAR,
        null,
        1,
        2,
        5,
        3,
        ctime,
        0600,
        "default",
        4,
        5,
        ChangeRecord.NOT_STAGED,
        new BlockMap(List.of(new Block(0, 5, 9))));
  }

  static ChangeRecord deleted() {
    return deleted(CTIME);
  }

  static ChangeRecord deleted(long ctime) {
    return new ChangeRecord(
        "h",
        "/r",
        "gone 😀.txt",
        ChangeKind.DELETED,
        null,
        FileType.REGULAR,
        null,
        1,
        2,
        77,
        3,
        ctime,
        0755,
        "default",
        4,
        5,
        ChangeRecord.NOT_STAGED,
        BlockMap.EMPTY);
  }

  static ChangeRecord symlink() {
    return new ChangeRecord(
        "h",
        "/r",
        "bin/current",
        ChangeKind.CREATED,
        null,
        FileType.SYMLINK,
        "../releases/2026-12/ferry",
        1,
        3,
        25,
        6,
        7,
        0777,
        "default",
        8,
        9,
        ChangeRecord.NOT_STAGED,
        BlockMap.EMPTY);
  }

  static ChangeRecord staged() {
    return modified("notes/every-save.md").withStageId(42);
  }
}
