package dev.ferry.bench;

import java.util.Arrays;
import java.util.Locale;

/** Wall-clock samples of one measure, in nanoseconds; prints median, p90, min and max in ms. */
final class Samples {
  interface Action {
    void run() throws Exception;
  }

  private final String name;
  private long[] ns = new long[0];

  Samples(String name) {
    this.name = name;
  }

  /** Runs {@code a}; records its time if {@code count} (warm-up runs are not counted). */
  void time(boolean count, Action a) throws Exception {
    long t0 = System.nanoTime();
    a.run();
    long dt = System.nanoTime() - t0;
    if (count) {
      ns = Arrays.copyOf(ns, ns.length + 1);
      ns[ns.length - 1] = dt;
    }
  }

  double median() {
    return at(0.5);
  }

  /** Nearest-rank percentile in ms. */
  double at(double q) {
    long[] s = ns.clone();
    Arrays.sort(s);
    return s[(int) Math.ceil(q * s.length) - 1] / 1e6;
  }

  void print() {
    System.out.printf(
        Locale.ROOT,
        "  %-48s median %8.3f ms  p90 %8.3f  min %8.3f  max %8.3f%n",
        name,
        median(),
        at(0.9),
        at(0.0001),
        at(1.0));
  }
}
