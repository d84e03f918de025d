package dev.ferry.monitor.journal;

import dev.ferry.monitor.blockmap.Block;
import dev.ferry.monitor.blockmap.BlockMap;
import java.util.List;

/** Sample records for tests. */
final class Records {
  private Records() {}

  static ChangeRecord modified(String path) {
    return new ChangeRecord(
        "host-ä1",
        "/home/anna/Documents",
        path,
        ChangeKind.MODIFIED,
        null,
        2049,
        123456789,
        100_000,
        1_763_000_000_123_456_789L,
        0644,
        "default",
        1_763_000_001_000_000_000L,
        1_763_000_003_000_000_000L,
        new BlockMap(
            List.of(new Block(0, 30_000, 0x1122334455667788L), new Block(30_000, 70_000, -42L))));
  }

  static ChangeRecord renamed() {
    return new ChangeRecord(
        "h",
        "/r",
        "b/new.txt",
        ChangeKind.RENAMED,
        "a/old.txt",
        1,
        2,
        5,
        3,
        0600,
        "default",
        4,
        5,
        new BlockMap(List.of(new Block(0, 5, 9))));
  }

  static ChangeRecord deleted() {
    return new ChangeRecord(
        "h",
        "/r",
        "gone 😀.txt",
        ChangeKind.DELETED,
        null,
        1,
        2,
        77,
        3,
        0755,
        "default",
        4,
        5,
        BlockMap.EMPTY);
  }
}
