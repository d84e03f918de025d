package dev.ferry.manager.rebuild;

/**
 * What a rebuild put into the catalog.
 *
 * @param versions file versions: a path counts once per stretch of snapshots it kept one content
 * @param bytesRead chunk bytes read from the target to recompute the fingerprints
 * @param parentsMissing snapshots whose parent is no longer on the target (forgotten): their parent
 *     is null in the catalog
 * @param replaced the catalog held rows before, replaced with {@code --force}
 * @param timings where the time went
 */
public record RebuildResult(
    int snapshots,
    int hosts,
    int files,
    int versions,
    int chunks,
    long bytesRead,
    int parentsMissing,
    CatalogRows replaced,
    Timings timings,
    long millis) {

  /**
   * Milliseconds per step.
   *
   * @param check the target's structure check
   * @param roots reading every snapshot root for the census of chunks
   * @param chunks reading every chunk once for its fingerprint
   * @param catalog the transaction: every root read again, every row written, the commit
   */
  public record Timings(long check, long roots, long chunks, long catalog) {}
}
