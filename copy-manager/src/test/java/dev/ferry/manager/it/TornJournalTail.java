package dev.ferry.manager.it;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Leaves the journal as a kill -9 inside an append does: an excerpt begun (its header not complete,
 * the first bytes of a record written) and the queue's write lock held by a process that is gone. A
 * kill of the agent lands there only by rare chance (an append takes microseconds), so {@link
 * AgentKilledDuringBurstIT} makes it happen on purpose. Run as its own process: it halts without
 * closing anything. Usage: {@code TornJournalTail JOURNAL_DIR}.
 */
final class TornJournalTail {
  private TornJournalTail() {}

  public static void main(String[] args) {
    SingleChronicleQueue q =
        SingleChronicleQueueBuilder.binary(Path.of(args[0]))
            .rollCycle(RollCycles.FAST_DAILY)
            .build();
    ExcerptAppender a = q.createAppender();
    DocumentContext dc = a.writingDocument();
    dc.wire().bytes().write(new byte[] {'F', 'R', 'C', 'R', 2, 0, 0, 0, 0, 0, 0, 100});
    System.out.flush();
    Runtime.getRuntime().halt(137);
  }

  /** The command that runs it on {@code journal} with this JVM's class path and flags. */
  static List<String> command(Path journal) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-")
          || arg.startsWith("--enable-native-access")
          || arg.startsWith("--sun-misc-unsafe")
          || arg.startsWith("-Dchronicle.")) {
        cmd.add(arg); // Chronicle's JVM flags, as surefire and failsafe pass them
      }
    }
    cmd.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            TornJournalTail.class.getName(),
            journal.toString()));
    return cmd;
  }
}
