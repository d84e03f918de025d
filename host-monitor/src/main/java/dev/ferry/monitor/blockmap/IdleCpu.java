package dev.ferry.monitor.blockmap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Whether a processor is idle right now, from the kernel's count of runnable tasks (the fourth
 * field of {@code /proc/loadavg}, "running/total", which counts the caller too).
 *
 * <p>Why: waking the {@link HelperThread} while every core is busy makes the scheduler give the
 * woken helper the caller's core, and the caller may then wait behind other processes for a whole
 * time slice. Measured on the shared 2-core build machine under other builds (load 5–12): mapping a
 * 1 MiB file with the helper always offered had p90 2–4 ms against under 1 ms without it. One
 * {@code pread} of this file costs a few microseconds, paid only for reads of 256 KiB and more.
 *
 * <p>Where {@code /proc/loadavg} cannot be read (not Linux), every answer is yes. Thread-safe.
 */
final class IdleCpu {
  private static final Path LOADAVG = Path.of("/proc/loadavg");
  private static final int PROCESSORS = Runtime.getRuntime().availableProcessors();
  private static final FileChannel CHANNEL = open();

  private IdleCpu() {}

  private static FileChannel open() {
    try {
      return FileChannel.open(LOADAVG, StandardOpenOption.READ);
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return null;
    }
  }

  /** True if fewer tasks are runnable than there are processors (or if that cannot be told). */
  static boolean now() {
    if (CHANNEL == null) {
      return true;
    }
    ByteBuffer b = ByteBuffer.allocate(128);
    try {
      CHANNEL.read(b, 0); // procfs regenerates the text at offset 0
    } catch (IOException e) {
      return true;
    }
    int running = runnable(new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII));
    return running < 0 || running < PROCESSORS;
  }

  /** The "running" count of a {@code /proc/loadavg} line, -1 if it has none. */
  static int runnable(String loadavg) {
    int slash = loadavg.indexOf('/');
    int space = loadavg.lastIndexOf(' ', slash);
    if (slash < 0 || space < 0) {
      return -1;
    }
    try {
      return Integer.parseInt(loadavg.substring(space + 1, slash));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
