package dev.ferry.manager.drain;

import dev.ferry.manager.catalog.CopiedFile;
import dev.ferry.manager.catalog.CopiedFile.CopiedBlock;
import dev.ferry.target.ChunkHash;
import dev.ferry.target.ChunkRef;
import dev.ferry.target.FileEntry;
import java.util.ArrayList;
import java.util.List;

/** A copied file version as the target's snapshot lists it. */
final class Entries {
  private Entries() {}

  static FileEntry of(CopiedFile f) {
    if (f.linkTarget() != null) {
      return FileEntry.symlink(f.snapshotPath(), f.linkTarget(), f.mtimeNanos());
    }
    List<ChunkRef> refs = new ArrayList<>(f.blocks().size());
    for (CopiedBlock b : f.blocks()) {
      refs.add(new ChunkRef(ChunkHash.fromBytes(b.hash()), b.length()));
    }
    return new FileEntry(f.snapshotPath(), f.size(), f.mtimeNanos(), f.mode(), refs);
  }
}
