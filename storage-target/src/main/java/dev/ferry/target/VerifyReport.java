package dev.ferry.target;

import java.util.List;

/** The outcome of {@link DiskTarget#verify(boolean)}. */
public record VerifyReport(
    int containersChecked, int chunksChecked, int snapshotsChecked, List<Damage> damages) {
  public VerifyReport {
    damages = List.copyOf(damages);
  }

  /** True when no damage was found. */
  public boolean ok() {
    return damages.isEmpty();
  }
}
