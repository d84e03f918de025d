package dev.ferry.monitor.watch;

import dev.ferry.monitor.blockmap.BlockMap;
import dev.ferry.monitor.blockmap.BlockMapper;
import dev.ferry.monitor.blockmap.FastCdc;
import dev.ferry.monitor.state.FileState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads what a record says about a saved file's content: a regular file's block map, a link's
 * target; then stats the file again, so that a record never describes bytes a writer was still
 * changing. Owned by the detector's worker (the mapper's buffer is not thread-safe).
 */
final class FileContent {
  /** What was read. */
  sealed interface Result {}

  /** Read, and the file did not change meanwhile. */
  record Read(BlockMap blocks, String linkTarget) implements Result {}

  /** It changed while being read; {@code now} is its state after. */
  record Changed(FileState now) implements Result {}

  /** It is gone (its delete event records that). */
  record Gone() implements Result {}

  /** It cannot be read. */
  record Unreadable(String reason) implements Result {}

  private final BlockMapper mapper = new BlockMapper(FastCdc.standard());
  private final AtomicLong filesMapped = new AtomicLong();

  /** How many times a regular file was read to map it. */
  long filesMapped() {
    return filesMapped.get();
  }

  Result read(Path file, FileState st) {
    return read(file, st, null);
  }

  /** As {@link #read(Path, FileState)}, handing a regular file's chunks to {@code visitor}. */
  Result read(Path file, FileState st, BlockMapper.ChunkVisitor visitor) {
    BlockMap blocks = BlockMap.EMPTY;
    String target = null;
    try {
      if (st.isLink()) {
        target = Files.readSymbolicLink(file).toString();
      } else {
        filesMapped.incrementAndGet();
        blocks = mapper.map(file, visitor);
      }
    } catch (NoSuchFileException e) {
      return new Gone();
    } catch (IOException | SecurityException e) {
      return new Unreadable(e.toString());
    }
    FileState after = FileState.read(file);
    if (after == null) {
      return new Gone();
    }
    if (!after.equals(st) || (!st.isLink() && blocks.size() != st.size())) {
      return new Changed(after);
    }
    if (st.isLink() && target.isEmpty()) {
      return new Unreadable("symbolic link with an empty target");
    }
    return new Read(blocks, target);
  }
}
