package dev.ferry.target;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@link DiskTarget#verify(DataSubset)}.
 *
 * @param containersChecked containers whose structure was checked: every one found
 * @param chunksChecked chunks listed by the containers whose header checks out
 * @param snapshotsChecked snapshot roots read
 * @param containersRead containers whose data was read in full (trailer CRC32C, every SHA-256)
 * @param dataSubset which containers were to be read
 * @param damages every damage, each with the snapshot entries it breaks
 */
public record VerifyReport(
    int containersChecked,
    int chunksChecked,
    int snapshotsChecked,
    int containersRead,
    DataSubset dataSubset,
    List<Damage> damages) {
  public VerifyReport {
    Objects.requireNonNull(dataSubset, "dataSubset");
    damages = List.copyOf(damages);
  }

  /** True when no damage was found. */
  public boolean ok() {
    return damages.isEmpty();
  }

  /** Every entry some damage breaks, each once, sorted by snapshot id then path. */
  public List<AffectedEntry> affected() {
    return damages.stream().flatMap(d -> d.affected().stream()).distinct().sorted().toList();
  }
}
