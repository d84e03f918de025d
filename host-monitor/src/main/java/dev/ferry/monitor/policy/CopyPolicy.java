package dev.ferry.monitor.policy;

import java.nio.file.Path;

/** Decides whether a path gets change records, and its policy class. Stateless, thread-safe. */
public final class CopyPolicy {
  /** The only policy class of v1. */
  public static final String DEFAULT_CLASS = "default";

  private CopyPolicy() {}

  /** True if saves of {@code file} are recorded. */
  public static boolean records(Path file) {
    Path name = file.getFileName();
    return name != null && !TemporaryFiles.isTemporary(name.toString());
  }

  /** The policy class recorded for {@code file}. */
  public static String policyClass(Path file) {
    return DEFAULT_CLASS;
  }
}
