package dev.ferry.monitor.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * A gitignore-like glob over a path relative to a policy root. {@code *} matches within one name,
 * {@code ?} one character, {@code [a-z]} / {@code [!a-z]} one character of (not of) a set, and a
 * whole {@code **} name any number of folders, none included. A pattern with a {@code /} (other
 * than a trailing one) is anchored at the root; one without matches the name at any depth. A
 * pattern that matches a folder matches everything inside it; a trailing {@code /} matches only
 * folders. Case-sensitive.
 *
 * <p>Matching never backtracks more than quadratically (no regular expressions), so a hostile
 * pattern cannot stall the agent. Immutable and thread-safe.
 */
public final class Glob {
  private static final int MAX_LENGTH = 1024;

  /** Marks a {@code **} element in {@link #elements}. */
  private static final Object ANY_DEPTH = new Object();

  private final String pattern;

  /** {@link #ANY_DEPTH} or a {@code Token[]} matching exactly one name. */
  private final List<Object> elements;

  private Glob(String pattern, List<Object> elements) {
    this.pattern = pattern;
    this.elements = elements;
  }

  /**
   * Compiles {@code pattern}.
   *
   * @throws IllegalArgumentException with a message fit to follow the field name: "'x[' has an
   *     unclosed '['"
   */
  public static Glob compile(String pattern) {
    if (pattern.isEmpty()) {
      throw new IllegalArgumentException("an empty pattern matches nothing");
    }
    if (pattern.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("pattern longer than " + MAX_LENGTH + " characters");
    }
    if (pattern.indexOf('\\') >= 0) {
      throw new IllegalArgumentException("'" + pattern + "' has a '\\'; separate folders with '/'");
    }
    String p = pattern;
    boolean foldersOnly = p.endsWith("/");
    if (foldersOnly) {
      p = p.substring(0, p.length() - 1);
    }
    boolean anchored = p.indexOf('/') >= 0;
    if (p.startsWith("/")) {
      p = p.substring(1);
    }
    List<Object> elements = new ArrayList<>();
    if (!anchored) {
      elements.add(ANY_DEPTH);
    }
    for (String name : names(pattern, p)) {
      if (name.equals("**")) {
        addAnyDepth(elements);
      } else {
        elements.add(tokens(pattern, name));
      }
    }
    if (foldersOnly) {
      elements.add(new Token[] {Token.STAR});
    }
    addAnyDepth(elements); // a matched folder matches what is inside it
    return new Glob(pattern, List.copyOf(elements));
  }

  /** The pattern as written. */
  public String pattern() {
    return pattern;
  }

  /** True if the relative path, given as its names, matches. */
  public boolean matches(List<String> names) {
    int n = elements.size();
    int e = 0;
    int i = 0;
    int starE = -1;
    int starI = 0;
    while (i < names.size()) {
      if (e < n && elements.get(e) == ANY_DEPTH) {
        starE = e++;
        starI = i;
      } else if (e < n && matchesName((Token[]) elements.get(e), names.get(i))) {
        e++;
        i++;
      } else if (starE >= 0) {
        e = starE + 1;
        i = ++starI;
      } else {
        return false;
      }
    }
    while (e < n && elements.get(e) == ANY_DEPTH) {
      e++;
    }
    return e == n;
  }

  @Override
  public String toString() {
    return pattern;
  }

  private static void addAnyDepth(List<Object> elements) {
    if (elements.isEmpty() || elements.get(elements.size() - 1) != ANY_DEPTH) {
      elements.add(ANY_DEPTH);
    }
  }

  private static List<String> names(String pattern, String p) {
    List<String> names = new ArrayList<>();
    int from = 0;
    while (true) {
      int slash = p.indexOf('/', from);
      String name = slash < 0 ? p.substring(from) : p.substring(from, slash);
      if (name.isEmpty() || name.equals(".") || name.equals("..")) {
        throw new IllegalArgumentException(
            "'"
                + pattern
                + "' has an empty, '.' or '..' folder name; patterns are relative to the"
                + " root, like docs/**/*.md");
      }
      names.add(name);
      if (slash < 0) {
        return names;
      }
      from = slash + 1;
    }
  }

  private static Token[] tokens(String pattern, String name) {
    List<Token> tokens = new ArrayList<>();
    int[] cps = name.codePoints().toArray();
    for (int i = 0; i < cps.length; i++) {
      int c = cps[i];
      if (c == '*') {
        if (tokens.isEmpty() || tokens.get(tokens.size() - 1) != Token.STAR) {
          tokens.add(Token.STAR);
        }
      } else if (c == '?') {
        tokens.add(Token.ONE);
      } else if (c == '[') {
        int end = classEnd(cps, i);
        if (end < 0) {
          throw new IllegalArgumentException("'" + pattern + "' has an unclosed '['");
        }
        tokens.add(Token.set(cps, i + 1, end));
        i = end;
      } else {
        tokens.add(Token.literal(c));
      }
    }
    return tokens.toArray(new Token[0]);
  }

  /** Index of the ']' closing the set opened at {@code open}, or -1. A leading ']' is literal. */
  private static int classEnd(int[] cps, int open) {
    int i = open + 1;
    if (i < cps.length && (cps[i] == '!' || cps[i] == '^')) {
      i++;
    }
    if (i < cps.length && cps[i] == ']') {
      i++;
    }
    for (; i < cps.length; i++) {
      if (cps[i] == ']') {
        return i;
      }
    }
    return -1;
  }

  private static boolean matchesName(Token[] tokens, String name) {
    int[] cps = name.codePoints().toArray();
    int t = 0;
    int i = 0;
    int starT = -1;
    int starI = 0;
    while (i < cps.length) {
      if (t < tokens.length && tokens[t] == Token.STAR) {
        starT = t++;
        starI = i;
      } else if (t < tokens.length && tokens[t].matches(cps[i])) {
        t++;
        i++;
      } else if (starT >= 0) {
        t = starT + 1;
        i = ++starI;
      } else {
        return false;
      }
    }
    while (t < tokens.length && tokens[t] == Token.STAR) {
      t++;
    }
    return t == tokens.length;
  }

  /** One character position of a name pattern. */
  private static final class Token {
    static final Token STAR = new Token(null, false);
    static final Token ONE = new Token(new int[0], true);

    /** Inclusive code point ranges, pairs; for {@link #STAR} null. */
    private final int[] ranges;

    private final boolean negated;

    private Token(int[] ranges, boolean negated) {
      this.ranges = ranges;
      this.negated = negated;
    }

    static Token literal(int c) {
      return new Token(new int[] {c, c}, false);
    }

    /** The set between '[' and ']' ({@code from} inclusive, {@code to} exclusive). */
    static Token set(int[] cps, int from, int to) {
      boolean negated = cps[from] == '!' || cps[from] == '^';
      int i = negated ? from + 1 : from;
      List<Integer> ranges = new ArrayList<>();
      while (i < to) {
        int lo = cps[i];
        int hi = lo;
        if (i + 2 < to && cps[i + 1] == '-') {
          hi = cps[i + 2];
          i += 3;
        } else {
          i++;
        }
        ranges.add(Math.min(lo, hi));
        ranges.add(Math.max(lo, hi));
      }
      return new Token(ranges.stream().mapToInt(Integer::intValue).toArray(), negated);
    }

    boolean matches(int c) {
      boolean in = false;
      for (int r = 0; r < ranges.length; r += 2) {
        if (c >= ranges[r] && c <= ranges[r + 1]) {
          in = true;
          break;
        }
      }
      return in != negated;
    }
  }
}
