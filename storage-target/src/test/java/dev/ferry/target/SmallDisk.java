package dev.ferry.target;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real, small file system (a tmpfs mounted for the test), so that "disk full" is the kernel's
 * ENOSPC, not a simulation. Needs the right to mount (root, as in CI); elsewhere the test is
 * skipped with the reason. The same helper as host-monitor's test {@code SmallDisk}, which this
 * module cannot see.
 */
final class SmallDisk implements AutoCloseable {
  private final Path mountPoint;
  private int ballastFiles;

  private SmallDisk(Path mountPoint) {
    this.mountPoint = mountPoint;
  }

  static SmallDisk mount(Path mountPoint, int mebibytes) throws Exception {
    Files.createDirectories(mountPoint);
    Process p =
        new ProcessBuilder(
                "mount",
                "-t",
                "tmpfs",
                "-o",
                "size=" + mebibytes + "m",
                "tmpfs",
                mountPoint.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    boolean ok = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    Assumptions.assumeTrue(ok, "cannot mount a tmpfs here (needs root): " + out.strip());
    return new SmallDisk(mountPoint);
  }

  Path path() {
    return mountPoint;
  }

  /**
   * Writes ballast until exactly {@code leaveBytes} (a multiple of 4096) are free: tmpfs counts
   * whole pages, so the last write lands on the page.
   */
  void fillLeaving(long leaveBytes) throws IOException {
    byte[] mib = new byte[1 << 20];
    Path f = mountPoint.resolve("ballast-" + ballastFiles++);
    try (OutputStream out = Files.newOutputStream(f)) {
      for (long free = usableBytes(); free > leaveBytes; free = usableBytes()) {
        out.write(mib, 0, (int) Math.min(mib.length, Math.max(4096, free - leaveBytes)));
        out.flush();
      }
    }
  }

  /** Deletes the ballast. */
  void free() throws IOException {
    for (int i = 0; i < ballastFiles; i++) {
      Files.deleteIfExists(mountPoint.resolve("ballast-" + i));
    }
  }

  long usableBytes() throws IOException {
    return Files.getFileStore(mountPoint).getUsableSpace();
  }

  @Override
  public void close() throws Exception {
    Process p =
        new ProcessBuilder("umount", "-l", mountPoint.toString()).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    p.waitFor(30, TimeUnit.SECONDS);
  }
}
