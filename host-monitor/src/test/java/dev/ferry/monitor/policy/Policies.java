package dev.ferry.monitor.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;

/** Test helpers: policies and errors from YAML text. */
final class Policies {
  private Policies() {}

  static Policy parse(String yaml) throws PolicyException {
    return PolicyParser.parse("policy.yaml", yaml.getBytes(StandardCharsets.UTF_8));
  }

  /** A policy of one root and target {@code nas}, plus these lines. */
  static Policy with(String root, String... lines) throws PolicyException {
    StringBuilder b = new StringBuilder("roots: [" + root + "]\ntargets: [nas]\n");
    for (String l : lines) {
      b.append(l).append('\n');
    }
    return parse(b.toString());
  }

  static PolicyException failure(String yaml) {
    PolicyException e = catchThrowableOfType(PolicyException.class, () -> parse(yaml));
    assertThat(e).as("expected a PolicyException for:\n%s", yaml).isNotNull();
    return e;
  }

  /** The single error {@code yaml} has, as printed. */
  static String error(String yaml) {
    PolicyException e = failure(yaml);
    assertThat(e.errors()).as(e.getMessage()).hasSize(1);
    return e.errors().get(0).toString();
  }
}
