package dev.ferry.target;

/** A stored chunk does not hash to its name, or its container cannot be trusted. */
public class ChunkCorruptException extends java.io.IOException {
  private static final long serialVersionUID = 1L;

  public ChunkCorruptException(String containerId, ChunkHash hash, String detail) {
    super("chunk " + hash + " in container " + containerId + " is corrupt: " + detail);
  }

  public ChunkCorruptException(String containerId, ChunkHash hash, Throwable cause) {
    super(
        "chunk " + hash + " in container " + containerId + " is corrupt: " + cause.getMessage(),
        cause);
  }
}
