package dev.ferry.manager.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the {@code ferry} CLI in this JVM and captures what it prints, for command tests. */
public final class CliRun {
  /** The exit code and what the command printed to stdout and stderr. */
  public record Run(int exit, String out, String err) {}

  private CliRun() {}

  /**
   * {@code ferry args...}; System.out and System.err are swapped while it runs, so not parallel.
   */
  public static Run ferry(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      exit = FerryCli.run(args);
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
