package dev.ferry.target;

import java.util.List;

/**
 * One damaged object found by verify.
 *
 * @param what the object, e.g. {@code "container 3f…"}, {@code "chunk ab…"}, {@code "index
 *     index/3.idx"} or {@code "snapshot 7"}
 * @param detail what is wrong with it, naming the file
 * @param affected every snapshot entry it breaks, sorted by snapshot id then path; empty when no
 *     entry needs the damaged bytes (a trailer checksum over intact chunks, a chunk copy the index
 *     does not point at)
 */
public record Damage(String what, String detail, List<AffectedEntry> affected) {
  public Damage {
    affected = List.copyOf(affected);
  }
}
