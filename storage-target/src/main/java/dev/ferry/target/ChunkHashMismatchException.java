package dev.ferry.target;

/** Bytes handed to {@code putChunk} do not hash to the hash given with them. */
public class ChunkHashMismatchException extends java.io.IOException {
  private static final long serialVersionUID = 1L;

  public ChunkHashMismatchException(ChunkHash claimed, ChunkHash actual, String filePath) {
    super("chunk of " + filePath + " claimed to be " + claimed + " but hashes to " + actual);
  }
}
