package dev.ferry.target;

import java.util.List;

/** What a restore did; {@code failures} names each file that could not be restored and why. */
public record RestoreResult(int filesRestored, long bytesRestored, List<String> failures) {
  public RestoreResult {
    failures = List.copyOf(failures);
  }
}
