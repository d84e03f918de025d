package dev.ferry.monitor.staging;

import java.util.Optional;

/** A pack's state, which is its file name's suffix (src-docs/staging-format.md, Terminology). */
enum PackState {
  /** Committed, not yet released: a version the copy manager still needs. */
  STAGE("stage"),
  /** Released, kept as the base of the next delta of its path; evicted first. */
  BASE("base"),
  /** No longer a version: holds chunks that live versions still reference. */
  RESIDUE("residue");

  private final String suffix;

  PackState(String suffix) {
    this.suffix = suffix;
  }

  String suffix() {
    return suffix;
  }

  /** Live versions can be read and their pointer tables count as references. */
  boolean isVersion() {
    return this != RESIDUE;
  }

  static Optional<PackState> ofSuffix(String s) {
    for (PackState p : values()) {
      if (p.suffix.equals(s)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
