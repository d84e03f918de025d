package dev.ferry.monitor.staging;

import java.nio.file.Path;

/**
 * A decoded pack on disk as the store knows it. Immutable: a rename or compaction yields a new one.
 *
 * @param file where it is
 * @param state its name's suffix
 * @param size its file size in bytes (what counts against the quota)
 * @param layout its decoded meta section
 */
record Pack(Path file, PackState state, long size, PackLayout layout) {
  long id() {
    return layout.id();
  }

  PathKey key() {
    return layout.key();
  }

  boolean isVersion() {
    return state.isVersion();
  }

  Pack renamed(Path to, PackState s) {
    return new Pack(to, s, size, layout);
  }
}
