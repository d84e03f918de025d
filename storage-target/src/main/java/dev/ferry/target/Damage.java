package dev.ferry.target;

import java.util.List;

/**
 * One damaged object found by verify.
 *
 * @param what the object, e.g. {@code "container 3f…"} or {@code "snapshot 7"}
 * @param detail what is wrong with it
 * @param affected every snapshot file it breaks, each like {@code "snapshot 3: docs/a.txt"}
 */
public record Damage(String what, String detail, List<String> affected) {
  public Damage {
    affected = List.copyOf(affected);
  }
}
