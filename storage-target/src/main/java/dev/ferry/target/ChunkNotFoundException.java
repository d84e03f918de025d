package dev.ferry.target;

/** A chunk a file needs is not in any index of the target. */
public class ChunkNotFoundException extends java.io.IOException {
  private static final long serialVersionUID = 1L;

  public ChunkNotFoundException(ChunkHash hash, String path) {
    super("chunk " + hash + " of " + path + " is not in the target index");
  }
}
