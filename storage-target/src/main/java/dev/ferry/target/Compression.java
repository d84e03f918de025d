package dev.ferry.target;

import java.util.Locale;

/**
 * How a writer stores new chunks: plain ({@link #NONE}) or as zstd frames at a level. Readers need
 * no setting: each chunk's flags say how it was stored. Immutable.
 *
 * <p>Text form ({@link #parse}, {@link #toString}): {@code none}, {@code zstd} (the default level)
 * or {@code zstd:LEVEL}, LEVEL 1 to 22 or a negative "fast" level down to -131072; 0 is refused
 * (zstd reads it as "default", which {@code zstd} already says). Why level 3 is the default: {@code
 * src-docs/decisions/0008-chunk-compression.md}.
 */
public final class Compression {
  /** zstd's own range (ZSTD_minCLevel, ZSTD_maxCLevel), checked without loading the library. */
  public static final int MIN_LEVEL = -(1 << 17);

  public static final int MAX_LEVEL = 22;

  public static final int DEFAULT_LEVEL = 3;

  /** Every chunk stored plain. */
  public static final Compression NONE = new Compression(false, 0);

  /** zstd at {@link #DEFAULT_LEVEL}: what targets use unless told otherwise. */
  public static final Compression DEFAULT = new Compression(true, DEFAULT_LEVEL);

  private final boolean enabled;
  private final int level;

  private Compression(boolean enabled, int level) {
    this.enabled = enabled;
    this.level = level;
  }

  /**
   * zstd at {@code level}.
   *
   * @throws IllegalArgumentException if the level is 0 or outside {@code [MIN_LEVEL, MAX_LEVEL]}
   */
  public static Compression zstd(int level) {
    if (level == 0 || level < MIN_LEVEL || level > MAX_LEVEL) {
      throw new IllegalArgumentException(
          "zstd level must be 1.." + MAX_LEVEL + " or " + MIN_LEVEL + "..-1, got " + level);
    }
    return level == DEFAULT_LEVEL ? DEFAULT : new Compression(true, level);
  }

  /**
   * Parses the text form (case-insensitive, surrounding blanks ignored).
   *
   * @throws IllegalArgumentException naming the text if it is not one of the forms above
   */
  public static Compression parse(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (t.equals("none")) {
      return NONE;
    }
    if (t.equals("zstd")) {
      return DEFAULT;
    }
    String forms = "compression must be none, zstd or zstd:LEVEL (e.g. zstd:3, zstd:-1), got '";
    if (t.startsWith("zstd:")) {
      int level;
      try {
        level = Integer.parseInt(t.substring("zstd:".length()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(forms + text + "'", e);
      }
      try {
        return zstd(level);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(forms + text + "': " + e.getMessage(), e);
      }
    }
    throw new IllegalArgumentException(forms + text + "'");
  }

  /** False for {@link #NONE}. */
  public boolean enabled() {
    return enabled;
  }

  /** The zstd level; meaningless when not {@link #enabled}. */
  public int level() {
    return level;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Compression c && c.enabled == enabled && c.level == level;
  }

  @Override
  public int hashCode() {
    return enabled ? level : Integer.MIN_VALUE;
  }

  @Override
  public String toString() {
    return enabled ? "zstd:" + level : "none";
  }
}
