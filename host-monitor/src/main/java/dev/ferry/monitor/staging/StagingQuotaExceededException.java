package dev.ferry.monitor.staging;

import java.io.IOException;

/**
 * A save cannot be staged within the quota, even after evicting everything the eviction order
 * allows. Nothing already staged was evicted or damaged by the failed attempt; the caller records
 * the save without staging (the copy will take the file as it is when the copy runs).
 */
public final class StagingQuotaExceededException extends IOException {
  private static final long serialVersionUID = 1L;

  private final long neededBytes;
  private final long quotaBytes;

  public StagingQuotaExceededException(String what, long neededBytes, long quotaBytes, String why) {
    super(
        what
            + ": staging it needs "
            + neededBytes
            + " bytes within a quota of "
            + quotaBytes
            + " bytes; "
            + why);
    this.neededBytes = neededBytes;
    this.quotaBytes = quotaBytes;
  }

  /** The pack size of the version that did not fit (so far, when thrown while writing). */
  public long neededBytes() {
    return neededBytes;
  }

  public long quotaBytes() {
    return quotaBytes;
  }
}
