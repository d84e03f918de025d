package dev.ferry.target;

import java.util.Objects;

/**
 * Where a chunk lives: container id, offset from the start of the container's data section (not
 * from the start of the file), and stored length.
 */
public record ChunkLocation(String containerId, long offset, int length) {
  public ChunkLocation {
    Objects.requireNonNull(containerId, "containerId");
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("negative offset or length: " + offset + ", " + length);
    }
  }
}
