package dev.ferry.manager.rebuild;

import dev.ferry.target.ChunkHash;
import dev.ferry.target.ChunkRef;
import dev.ferry.target.FileEntry;
import dev.ferry.target.Snapshot;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Every distinct chunk the snapshots reference, each with what its catalog row needs. Filled one
 * snapshot at a time in id order, so {@link Chunk#firstUsedAt} is the time of the first snapshot
 * that references the chunk: when it was stored, as near as the target can tell.
 *
 * <p>Memory: about 150 bytes a distinct chunk. Not thread-safe.
 */
final class ChunkCensus {
  /** One chunk; {@code id} and {@code fingerprint} are set by later steps. */
  static final class Chunk {
    final ChunkHash hash;
    final int length;
    final Instant firstUsedAt;
    long fingerprint;
    long id;

    Chunk(ChunkHash hash, int length, Instant firstUsedAt) {
      this.hash = hash;
      this.length = length;
      this.firstUsedAt = firstUsedAt;
    }
  }

  private final Map<ChunkHash, Chunk> chunks = new HashMap<>();

  void add(Snapshot s) {
    for (FileEntry e : s.entries()) {
      for (ChunkRef r : e.chunks()) {
        chunks.computeIfAbsent(r.hash(), h -> new Chunk(h, r.length(), s.info().createdAt()));
      }
    }
  }

  /** The chunk with this hash; it must have been added. */
  Chunk get(ChunkHash h) {
    Chunk c = chunks.get(h);
    if (c == null) {
      throw new IllegalStateException("chunk " + h + " was not counted");
    }
    return c;
  }

  Collection<Chunk> all() {
    return chunks.values();
  }

  int size() {
    return chunks.size();
  }
}
