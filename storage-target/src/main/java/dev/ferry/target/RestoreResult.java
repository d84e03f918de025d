package dev.ferry.target;

import java.util.List;

/**
 * What a restore did.
 *
 * @param filesRestored regular files restored
 * @param linksRestored symbolic links restored
 * @param bytesRestored content bytes written, the sum of the restored files' sizes
 * @param failures each selected entry that was not restored, as {@code "path: why"}
 */
public record RestoreResult(
    int filesRestored, int linksRestored, long bytesRestored, List<String> failures) {
  public RestoreResult {
    failures = List.copyOf(failures);
  }
}
