package dev.ferry.manager.drain;

import dev.ferry.monitor.blockmap.BlockMap;
import dev.ferry.monitor.blockmap.BlockMapper;
import dev.ferry.monitor.blockmap.FastCdc;
import dev.ferry.monitor.journal.ChangeKind;
import dev.ferry.monitor.journal.ChangeRecord;
import dev.ferry.monitor.journal.FileType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Change records for drain tests, as the agent would write them for a file as it is now. */
public final class TestRecords {
  private static final BlockMapper MAPPER = new BlockMapper(FastCdc.standard());

  private TestRecords() {}

  /**
   * A record of {@code f} under root {@code watch}: its state and block map now (a DELETED record:
   * no state, no blocks).
   */
  public static ChangeRecord of(
      Path watch, Path f, ChangeKind kind, Instant savedAt, String renamedFrom, long stageId)
      throws IOException {
    long saved = savedAt.getEpochSecond() * 1_000_000_000L + savedAt.getNano();
    String rel = watch.relativize(f).toString();
    if (kind == ChangeKind.DELETED) {
      return new ChangeRecord(
          "test-host",
          watch.toString(),
          rel,
          kind,
          null,
          FileType.REGULAR,
          null,
          0,
          0,
          0,
          0,
          ChangeRecord.UNKNOWN_CTIME,
          0,
          "default",
          saved,
          saved,
          ChangeRecord.NOT_STAGED,
          BlockMap.EMPTY);
    }
    Map<String, Object> a =
        Files.readAttributes(f, "unix:dev,ino,size,lastModifiedTime,mode,ctime");
    return new ChangeRecord(
        "test-host",
        watch.toString(),
        rel,
        kind,
        renamedFrom,
        FileType.REGULAR,
        null,
        (Long) a.get("dev"),
        (Long) a.get("ino"),
        (Long) a.get("size"),
        ((FileTime) a.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS),
        ((FileTime) a.get("ctime")).to(TimeUnit.NANOSECONDS),
        ((Integer) a.get("mode")) & 07777,
        "default",
        saved,
        saved,
        stageId,
        MAPPER.map(f));
  }
}
