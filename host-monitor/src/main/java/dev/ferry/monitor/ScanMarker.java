package dev.ferry.monitor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The state folder's list of roots whose initial scan finished ({@value
 * HostMonitor#SCANNED_ROOTS}), one absolute path per line, replaced by write-temp-then-rename. A
 * root not listed gets an initial scan that records every file not known unchanged. Called from one
 * thread at a time.
 */
final class ScanMarker {
  private final Path file;

  ScanMarker(Path stateDir) {
    this.file = stateDir.resolve(HostMonitor.SCANNED_ROOTS);
  }

  Set<String> scanned() throws IOException {
    if (!Files.exists(file)) {
      return new LinkedHashSet<>();
    }
    return new LinkedHashSet<>(Files.readAllLines(file, StandardCharsets.UTF_8));
  }

  void mark(Path root) {
    try {
      Set<String> roots = scanned();
      roots.add(root.toString());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.write(tmp, new ArrayList<>(roots), StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the scan marker " + file, e);
    }
  }

  /** Forgets every root: each gets an initial scan again (the journal was lost). */
  void clear() throws IOException {
    Files.deleteIfExists(file);
  }
}
