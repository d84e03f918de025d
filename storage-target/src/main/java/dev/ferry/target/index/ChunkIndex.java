package dev.ferry.target.index;

import dev.ferry.target.ChunkHash;
import dev.ferry.target.ChunkLocation;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory union of all index files. Thread-safe: lookups may run while a commit adds entries.
 * Memory: about 150 bytes per chunk.
 */
public final class ChunkIndex {
  private final Map<ChunkHash, ChunkLocation> locations = new ConcurrentHashMap<>();
  private final Set<String> containers = ConcurrentHashMap.newKeySet();

  /** Adds every entry of {@code file}; an existing entry for a hash is kept. */
  public void addAll(IndexFile file) {
    addAll(file.entries());
  }

  public void addAll(Map<ChunkHash, ChunkLocation> entries) {
    entries.forEach(
        (hash, loc) -> {
          locations.putIfAbsent(hash, loc);
          containers.add(loc.containerId());
        });
  }

  public Optional<ChunkLocation> get(ChunkHash hash) {
    return Optional.ofNullable(locations.get(hash));
  }

  public boolean contains(ChunkHash hash) {
    return locations.containsKey(hash);
  }

  /** True if some index entry names this container. */
  public boolean coversContainer(String containerId) {
    return containers.contains(containerId);
  }

  /** A snapshot of all entries. */
  public Map<ChunkHash, ChunkLocation> entries() {
    return Map.copyOf(locations);
  }
}
