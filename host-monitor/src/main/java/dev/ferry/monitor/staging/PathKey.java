package dev.ferry.monitor.staging;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The identity of a file's history in the store: the watched root as configured and the path
 * relative to it. Cheap fingerprints are only ever compared between packs of one key.
 *
 * @param root 1-4096 bytes of UTF-8, no NUL
 * @param path a relative entry path: 1-4096 bytes, no empty, "." or ".." segment, no NUL or
 *     backslash, no leading or trailing "/"
 */
record PathKey(String root, String path) {
  static final int MAX_BYTES = 4096;

  PathKey {
    String bad = problem(root, path);
    if (bad != null) {
      throw new IllegalArgumentException(bad);
    }
  }

  /** Why (root, path) is not a valid key, or null if it is. */
  static String problem(String root, String path) {
    if (root == null || root.isEmpty() || root.indexOf('\0') >= 0) {
      return "root must be non-empty without NUL: " + root;
    }
    if (utf8Length(root) < 0 || utf8Length(root) > MAX_BYTES) {
      return "root must be valid UTF-8 of at most " + MAX_BYTES + " bytes";
    }
    if (path == null || path.isEmpty() || path.indexOf('\0') >= 0 || path.indexOf('\\') >= 0) {
      return "path must be non-empty without NUL or backslash: " + path;
    }
    if (utf8Length(path) < 0 || utf8Length(path) > MAX_BYTES) {
      return "path must be valid UTF-8 of at most " + MAX_BYTES + " bytes";
    }
    int start = 0;
    while (start <= path.length()) {
      int slash = path.indexOf('/', start);
      int stop = slash < 0 ? path.length() : slash;
      String seg = path.substring(start, stop);
      if (seg.isEmpty() || seg.equals(".") || seg.equals("..")) {
        return "path must be relative and normalized: " + path;
      }
      start = stop + 1;
    }
    return null;
  }

  /** The UTF-8 length of {@code s}, or -1 if it holds an unpaired surrogate. */
  static int utf8Length(String s) {
    try {
      return StandardCharsets.UTF_8
          .newEncoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .encode(CharBuffer.wrap(s))
          .remaining();
    } catch (CharacterCodingException e) {
      return -1;
    }
  }

  static byte[] utf8(String s) {
    ByteBuffer bb = StandardCharsets.UTF_8.encode(s);
    byte[] out = new byte[bb.remaining()];
    bb.get(out);
    return out;
  }

  @Override
  public String toString() {
    return root + " : " + path;
  }
}
