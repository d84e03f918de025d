package dev.ferry.monitor.watch;

import dev.ferry.monitor.blockmap.BlockMap;
import dev.ferry.monitor.journal.ChangeKind;
import dev.ferry.monitor.journal.ChangeRecord;
import dev.ferry.monitor.state.FileState;
import java.io.File;
import java.nio.file.Path;

/** Builds the detector's change records from what it knows of a file. Immutable. */
final class RecordFactory {
  private final String hostId;

  RecordFactory(String hostId) {
    this.hostId = hostId;
  }

  /** A save: CREATED, MODIFIED or RENAMED, with the state read and the content mapped. */
  ChangeRecord saved(
      Path root,
      Path file,
      ChangeKind kind,
      String renamedFrom,
      FileState st,
      String linkTarget,
      String policy,
      long detectedAt,
      long savedAt,
      long stageId,
      BlockMap blocks) {
    return new ChangeRecord(
        hostId,
        root.toString(),
        relative(root, file),
        kind,
        renamedFrom,
        st.type(),
        linkTarget,
        st.device(),
        st.inode(),
        st.isLink() ? st.size() : blocks.size(),
        st.mtimeNanos(),
        st.ctimeNanos(),
        st.mode(),
        policy,
        detectedAt,
        savedAt,
        stageId,
        blocks);
  }

  /** A deletion, with the state last known. */
  ChangeRecord deleted(
      Path root, Path file, FileState last, String policy, long detectedAt, long savedAt) {
    return new ChangeRecord(
        hostId,
        root.toString(),
        relative(root, file),
        ChangeKind.DELETED,
        null,
        last.type(),
        null,
        last.device(),
        last.inode(),
        last.size(),
        last.mtimeNanos(),
        last.ctimeNanos(),
        last.mode(),
        policy,
        detectedAt,
        savedAt,
        ChangeRecord.NOT_STAGED,
        BlockMap.EMPTY);
  }

  /** {@code file} relative to {@code root}, '/'-separated. */
  static String relative(Path root, Path file) {
    return root.relativize(file).toString().replace(File.separatorChar, '/');
  }
}
