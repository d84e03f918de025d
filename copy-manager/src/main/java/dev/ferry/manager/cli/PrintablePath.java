package dev.ferry.manager.cli;

/**
 * Entry paths for line-oriented output. A path may hold any character but NUL, a newline included,
 * which would forge an output line; never a backslash (the entry path rules forbid it), so writing
 * control characters as backslash escapes is unambiguous.
 */
final class PrintablePath {
  private PrintablePath() {}

  /** {@code path} with each control character as {@code \n}, {@code \t} or {@code \xNN}. */
  static String of(String path) {
    StringBuilder sb = new StringBuilder(path.length());
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '\n') {
        sb.append("\\n");
      } else if (c == '\t') {
        sb.append("\\t");
      } else if (Character.isISOControl(c)) {
        sb.append(String.format("\\x%02x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
