package dev.ferry.target;

import java.util.Comparator;

/**
 * The order of entries in a snapshot: by Unicode code point, which equals unsigned UTF-8 byte
 * order. Not {@link String#compareTo}, which orders by UTF-16 unit and so disagrees for characters
 * outside the Basic Multilingual Plane; the spec must be implementable outside Java.
 */
public final class PathOrder {
  /** Compares two paths by code point. */
  public static final Comparator<String> COMPARATOR = PathOrder::compare;

  private PathOrder() {}

  /**
   * Compares {@code a} and {@code b} by code point.
   *
   * <p>UTF-16 order and code-point order agree except where the first differing units are a
   * surrogate (U+D800–DFFF) against a unit in U+E000–FFFF: the surrogate's code point is the
   * larger. So this compares units and fixes up only that pair, without decoding code points; it is
   * on every snapshot writer's hot path (a sorted map of entries).
   */
  public static int compare(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int k = 0; k < n; k++) {
      char x = a.charAt(k);
      char y = b.charAt(k);
      if (x != y) {
        return codePointRank(x) - codePointRank(y);
      }
    }
    return a.length() - b.length();
  }

  /** A unit's place in code-point order, for units at the first difference of two strings. */
  private static int codePointRank(char c) {
    if (c < 0xD800) {
      return c;
    }
    return c >= 0xE000 ? c - 0x800 : c + 0x2000;
  }
}
