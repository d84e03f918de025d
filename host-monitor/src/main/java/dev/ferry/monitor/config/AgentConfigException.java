package dev.ferry.monitor.config;

import dev.ferry.monitor.policy.PolicyError;
import java.util.List;

/**
 * An agent configuration file is not valid: each of {@link #errors()} names the file, line, column
 * and field, in the format of policy errors ({@code agent.yaml:3:9: field 'journal.durability':
 * ...}). The message is those errors, one per line, in file order.
 */
public final class AgentConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  private final List<PolicyError> errors;

  /**
   * @param errors at least one
   */
  public AgentConfigException(List<PolicyError> errors) {
    super(String.join("\n", errors.stream().map(PolicyError::toString).toList()));
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("an AgentConfigException needs at least one error");
    }
    this.errors = List.copyOf(errors);
  }

  /** What is wrong, never empty. */
  public List<PolicyError> errors() {
    return errors;
  }

  /** The first error: the one line a command prints. */
  public PolicyError first() {
    return errors.get(0);
  }
}
