package dev.ferry.manager.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.temporal.ChronoUnit;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Logging to stderr, one line per message, for commands that run without Quarkus (which otherwise
 * installs the handlers): the library classes log through JBoss Logging, which ends in
 * java.util.logging's root logger.
 */
final class StderrLog {
  private StderrLog() {}

  static void install() {
    Logger root = Logger.getLogger("");
    for (Handler h : root.getHandlers()) {
      root.removeHandler(h);
    }
    Handler h = new ConsoleHandler(); // System.err
    h.setLevel(Level.INFO);
    h.setFormatter(
        new Formatter() {
          @Override
          public String format(LogRecord r) {
            String name = r.getLoggerName() == null ? "" : r.getLoggerName();
            String shortName = name.substring(name.lastIndexOf('.') + 1);
            StringBuilder b =
                new StringBuilder()
                    .append(r.getInstant().truncatedTo(ChronoUnit.MILLIS))
                    .append(' ')
                    .append(r.getLevel().getName())
                    .append(' ')
                    .append(shortName)
                    .append(": ")
                    .append(formatMessage(r))
                    .append(System.lineSeparator());
            if (r.getThrown() != null) {
              StringWriter w = new StringWriter();
              r.getThrown().printStackTrace(new PrintWriter(w));
              b.append(w);
            }
            return b.toString();
          }
        });
    root.addHandler(h);
    root.setLevel(Level.INFO);
  }
}
