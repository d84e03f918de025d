package dev.ferry.monitor.policy;

import java.util.Objects;

/**
 * One thing wrong with a policy file, at a place in it.
 *
 * @param file the file as it was named to the parser
 * @param line 1-based line
 * @param column 1-based column
 * @param field the field path, like {@code settle}, {@code roots[1]} or {@code
 *     retention.keep-daily}; empty when the problem is the YAML itself (a syntax error, a document
 *     that is not a mapping)
 * @param message what is wrong and, where it helps, what to write instead
 */
public record PolicyError(String file, int line, int column, String field, String message) {
  public PolicyError {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(message, "message");
    line = Math.max(1, line);
    column = Math.max(1, column);
  }

  /**
   * {@code policy.yaml:12:7: field 'settle': '2 seconds' is not a duration (use 90s, 15m, 10h)}.
   */
  @Override
  public String toString() {
    String where = file + ":" + line + ":" + column + ": ";
    return field.isEmpty() ? where + message : where + "field '" + field + "': " + message;
  }
}
