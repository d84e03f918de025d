package dev.ferry.monitor.staging;

import java.io.IOException;

/**
 * A block of a staged version cannot be read as it was staged: its bytes fail their SHA-256, its
 * pack is short, missing or no longer holds the row. The version must be treated as lost (the copy
 * manager falls back to the file as it is now); other versions are not affected unless they share
 * the chunk.
 */
public final class StagedChunkDamagedException extends IOException {
  private static final long serialVersionUID = 1L;

  private final long stageId;
  private final int block;

  public StagedChunkDamagedException(long stageId, int block, String reason) {
    super("staged version " + stageId + ", block " + block + ": " + reason);
    this.stageId = stageId;
    this.block = block;
  }

  public StagedChunkDamagedException(long stageId, int block, String reason, Throwable cause) {
    this(stageId, block, reason);
    initCause(cause);
  }

  /** The stage id of the version being read. */
  public long stageId() {
    return stageId;
  }

  /** The block (chunk index within the version) that failed. */
  public int block() {
    return block;
  }
}
