package dev.ferry.target;

/**
 * How many paths changed, by kind of change, between two snapshots.
 *
 * @param added {@link EntryChange.Change#ADDED}
 * @param removed {@link EntryChange.Change#REMOVED}
 * @param modified {@link EntryChange.Change#MODIFIED}
 * @param typeChanged {@link EntryChange.Change#TYPE_CHANGED}
 * @param metadataOnly {@link EntryChange.Change#METADATA}
 */
public record DiffSummary(int added, int removed, int modified, int typeChanged, int metadataOnly) {

  /** Every changed path. */
  public int total() {
    return added + removed + modified + typeChanged + metadataOnly;
  }

  /** {@code "2 added, 1 removed, 3 modified, 0 type changed, 1 metadata only"}. */
  @Override
  public String toString() {
    return added
        + " added, "
        + removed
        + " removed, "
        + modified
        + " modified, "
        + typeChanged
        + " type changed, "
        + metadataOnly
        + " metadata only";
  }
}
