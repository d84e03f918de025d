package dev.ferry.monitor.policy;

import java.util.List;

/**
 * A policy file is not a valid policy: each of {@link #errors()} names the file, line, column and
 * field. The message is those errors, one per line, in the order they occur in the file.
 */
public final class PolicyException extends Exception {
  private static final long serialVersionUID = 1L;

  private final List<PolicyError> errors;

  /**
   * @param errors at least one
   */
  public PolicyException(List<PolicyError> errors) {
    super(message(errors));
    this.errors = List.copyOf(errors);
  }

  PolicyException(PolicyError error) {
    this(List.of(error));
  }

  /** What is wrong, never empty. */
  public List<PolicyError> errors() {
    return errors;
  }

  private static String message(List<PolicyError> errors) {
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("a PolicyException needs at least one error");
    }
    StringBuilder b = new StringBuilder();
    for (PolicyError e : errors) {
      if (b.length() > 0) {
        b.append('\n');
      }
      b.append(e);
    }
    return b.toString();
  }
}
