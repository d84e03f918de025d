package dev.ferry.target.disk;

import dev.ferry.target.ChunkHash;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** Names of everything in a disk target directory. Immutable. */
public record TargetLayout(Path root) {
  public static final String TARGET_FILE = "ferry-target";
  public static final String DATA = "data";
  public static final String INDEX = "index";
  public static final String SNAPSHOTS = "snapshots";
  public static final String SEGMENTS = "segments";
  public static final String LOCK = "lock";
  public static final String TEMP_SUFFIX = ".tmp";
  public static final String INDEX_SUFFIX = ".idx";
  public static final String SNAPSHOT_SUFFIX = ".snap";
  public static final String SEGMENT_SUFFIX = ".seg";

  /** Names openOrCreate may find in a directory it is allowed to (re)initialise. */
  public static final Set<String> OWN_NAMES =
      Set.of(TARGET_FILE, TARGET_FILE + TEMP_SUFFIX, DATA, INDEX, SNAPSHOTS, SEGMENTS, LOCK);

  public Path targetFile() {
    return root.resolve(TARGET_FILE);
  }

  public Path data() {
    return root.resolve(DATA);
  }

  public Path index() {
    return root.resolve(INDEX);
  }

  public Path snapshots() {
    return root.resolve(SNAPSHOTS);
  }

  /** Segment files of version 3 roots; created by the first writer that needs it. */
  public Path segments() {
    return root.resolve(SEGMENTS);
  }

  public Path segmentFile(ChunkHash hash) {
    return segments().resolve(hash.toHex() + SEGMENT_SUFFIX);
  }

  /** The hash a segment file's name carries, or empty if the name is not one of ours. */
  public static Optional<ChunkHash> segmentHash(String fileName) {
    if (!fileName.endsWith(SEGMENT_SUFFIX)
        || fileName.length() != 2 * ChunkHash.LENGTH + SEGMENT_SUFFIX.length()) {
      return Optional.empty();
    }
    String hex = fileName.substring(0, 2 * ChunkHash.LENGTH);
    if (!hex.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
      return Optional.empty();
    }
    return Optional.of(ChunkHash.fromHex(hex));
  }

  public Path lock() {
    return root.resolve(LOCK);
  }

  public Path container(String id) {
    return data().resolve(id.substring(0, 2)).resolve(id);
  }

  /** The container's path relative to the root, as used in messages. */
  public String containerName(String id) {
    return DATA + "/" + id.substring(0, 2) + "/" + id;
  }

  public Path indexFile(long snapshotId) {
    return index().resolve(snapshotId + INDEX_SUFFIX);
  }

  public Path snapshotFile(long snapshotId) {
    return snapshots().resolve(String.format(Locale.ROOT, "%020d", snapshotId) + SNAPSHOT_SUFFIX);
  }

  /** Relative name for messages. */
  public String relative(Path p) {
    return root.relativize(p).toString();
  }

  /** The id in a snapshot file name, or empty if the name is not one of ours. */
  public static OptionalLong snapshotId(String fileName) {
    return idOf(fileName, SNAPSHOT_SUFFIX, 20);
  }

  /** The id in an index file name, or empty if the name is not one of ours. */
  public static OptionalLong indexId(String fileName) {
    return idOf(fileName, INDEX_SUFFIX, -1);
  }

  private static OptionalLong idOf(String name, String suffix, int digits) {
    if (!name.endsWith(suffix)) {
      return OptionalLong.empty();
    }
    String num = name.substring(0, name.length() - suffix.length());
    if (num.isEmpty()
        || num.length() > 20
        || digits > 0 && num.length() != digits
        || !num.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(num));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }
}
