package dev.ferry.bench.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The raw figures one {@code bench/run.sh} run wrote, one {@code key<TAB>value} per line: {@code
 * meta.*} facts, and per tool ({@code cp}, {@code restic}, {@code borg}, {@code ferry}) {@code
 * TOOL.status} ({@code ok}, or {@code FAILED: why}) and its measures ({@code TOOL.full.ms}, {@code
 * TOOL.incr.added}, …). A measure of a tool that failed is never read: it has no value.
 */
final class RunResults {
  private final Map<String, String> values = new LinkedHashMap<>();

  static RunResults read(Path tsv) throws IOException {
    RunResults r = new RunResults();
    int n = 0;
    for (String line : Files.readAllLines(tsv)) {
      n++;
      if (line.isBlank()) {
        continue;
      }
      int tab = line.indexOf('\t');
      if (tab <= 0) {
        throw new IOException(tsv + ":" + n + ": expected KEY<TAB>VALUE, got: " + line);
      }
      r.values.put(line.substring(0, tab), line.substring(tab + 1));
    }
    return r;
  }

  String meta(String key) {
    return values.getOrDefault("meta." + key, "?");
  }

  /** Empty unless the tool ran to the end and its restore was byte-exact. */
  boolean ok(String tool) {
    return "ok".equals(values.get(tool + ".status"));
  }

  String status(String tool) {
    return values.getOrDefault(tool + ".status", "FAILED: did not run");
  }

  /** A measure of a tool that did not fail; empty if it failed or the run has no such measure. */
  OptionalDouble measure(String tool, String key) {
    String v = values.get(tool + "." + key);
    if (!ok(tool) || v == null || v.isBlank()) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(Double.parseDouble(v));
  }
}
