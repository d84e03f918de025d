package dev.ferry.bench.compare;

/**
 * How big the comparison's dataset and its day of work are. {@link #FULL} is the published one
 * (about 2 GiB); {@link #QUICK} (about 200 MiB) only smoke-tests the harness.
 *
 * @param sourceBytes at most this many bytes of JDK sources ({@code lib/src.zip}, in entry order)
 * @param docBytes at most this many bytes of {@code /usr/share/doc}, in path order
 * @param jarBytes at most this many bytes of jars from the local Maven repository, in path order
 * @param documents small text documents written from the seed
 * @param logs log files written from the seed, {@code logBytes} each
 * @param bigFileMib the one large binary file (a disk image)
 * @param databaseRows rows of the SQLite database (about 300 bytes each with its index)
 * @param workDivisor the day of work's counts are the full day's divided by this
 */
public record Scale(
    String name,
    long sourceBytes,
    long docBytes,
    long jarBytes,
    int documents,
    int logs,
    int logBytes,
    int bigFileMib,
    int databaseRows,
    int workDivisor) {
  private static final long MIB = 1L << 20;

  public static final Scale FULL =
      new Scale("full", 256 * MIB, 128 * MIB, 330 * MIB, 8000, 20, 1 << 20, 1024, 1_000_000, 1);

  public static final Scale QUICK =
      new Scale("quick", 48 * MIB, 16 * MIB, 24 * MIB, 1500, 5, 256 << 10, 64, 80_000, 5);

  public static Scale named(String name) {
    return switch (name) {
      case "full" -> FULL;
      case "quick" -> QUICK;
      default -> throw new IllegalArgumentException("scale must be full or quick, not " + name);
    };
  }

  /** The full day's count of some kind of edit, at this scale (at least one). */
  int work(int fullDayCount) {
    return Math.max(1, fullDayCount / workDivisor);
  }
}
