package dev.ferry.monitor.staging;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a live version's pointer table into readable blocks: resolves each range within the
 * version's path key and opens the packs it needs. Called with the store's lock held, so no pack is
 * renamed or compacted between resolving and opening.
 */
final class VersionResolver {
  private VersionResolver() {}

  static StagedVersion open(StoreIndex idx, Pack version) throws IOException {
    int n = (int) version.layout().blockCount();
    int[] channelOf = new int[n];
    long[] position = new long[n];
    ChunkRow[] rows = new ChunkRow[n];
    Map<Long, Integer> opened = new HashMap<>();
    List<FileChannel> channels = new ArrayList<>();
    int block = 0;
    try {
      for (PointerRange r : version.layout().ranges()) {
        Optional<Pack> owner = idx.resolve(version, r);
        if (owner.isEmpty()) {
          throw new StagedChunkDamagedException(
              version.id(),
              block,
              "its chunks are rows "
                  + r.first()
                  + "-"
                  + (r.first() + r.count() - 1)
                  + " of staged pack "
                  + r.ownerOf(version.id())
                  + ", which is missing, damaged or no longer holds them");
        }
        Pack o = owner.get();
        Integer ch = opened.get(o.id());
        if (ch == null) {
          channels.add(FileChannel.open(o.file(), StandardOpenOption.READ));
          ch = channels.size() - 1;
          opened.put(o.id(), ch);
        }
        for (int i = r.first(); i < r.first() + r.count(); i++, block++) {
          channelOf[block] = ch;
          position[block] = o.layout().offset(i);
          rows[block] = o.layout().rows().get(i);
        }
      }
    } catch (IOException | RuntimeException e) {
      for (FileChannel c : channels) {
        c.close();
      }
      if (e instanceof StagedChunkDamagedException) {
        throw e;
      }
      throw new StagedChunkDamagedException(version.id(), block, "cannot open its packs: " + e, e);
    }
    return new StagedVersion(version, channels, channelOf, position, rows);
  }
}
