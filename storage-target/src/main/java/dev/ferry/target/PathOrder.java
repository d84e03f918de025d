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

  /** Compares {@code a} and {@code b} by code point. */
  public static int compare(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }
}
