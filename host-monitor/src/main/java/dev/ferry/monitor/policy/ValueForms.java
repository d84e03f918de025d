package dev.ferry.monitor.policy;

import java.time.Duration;

/**
 * The value forms of policy files ({@code src-docs/policy.md}), for command-line options that take
 * the same words: durations like {@code 90s} or {@code 10h}, sizes like {@code 2GiB}.
 */
public final class ValueForms {
  private ValueForms() {}

  /**
   * @throws IllegalArgumentException with a message fit to follow the option's name
   */
  public static Duration duration(String value) {
    return Units.duration(value);
  }

  /**
   * @throws IllegalArgumentException with a message fit to follow the option's name
   */
  public static long size(String value) {
    return Units.size(value);
  }

  /** {@code latest} or {@code every-save}. */
  public static Versions versions(String value) {
    for (Versions v : Versions.values()) {
      if (v.yaml().equals(value)) {
        return v;
      }
    }
    throw new IllegalArgumentException(Units.quote(value) + " is not 'latest' or 'every-save'");
  }
}
