package dev.ferry.target.container;

import dev.ferry.target.ChunkHash;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A parsed, checksum-verified container header. Immutable. */
public record ContainerHeader(
    String containerId, List<String> paths, List<ContainerEntry> entries, int headerLength) {
  public ContainerHeader {
    paths = List.copyOf(paths);
    entries = List.copyOf(entries);
  }

  /** File offset of the data section. */
  public long dataStart() {
    return ContainerFormat.dataStart(headerLength);
  }

  /** Sum of stored lengths: the data section's size. */
  public long dataLength() {
    long sum = 0;
    for (ContainerEntry e : entries) {
      sum += e.storedLength();
    }
    return sum;
  }

  /** Expected size of the whole file. */
  public long fileLength() {
    return dataStart() + dataLength() + ContainerFormat.TRAILER;
  }

  /** Entries by hash, for index cross-checks. */
  public Map<ChunkHash, ContainerEntry> byHash() {
    Map<ChunkHash, ContainerEntry> map = new HashMap<>();
    for (ContainerEntry e : entries) {
      map.put(e.hash(), e);
    }
    return map;
  }

  /** The path that first brought {@code e} into this container. */
  public String pathOf(ContainerEntry e) {
    return paths.get(e.pathIndex());
  }
}
