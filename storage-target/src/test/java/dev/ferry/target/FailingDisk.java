package dev.ferry.target;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real ext4 file system whose disk fails writes once a few MiB have been written: a loop device
 * over a sparse 256 MiB image that lives on a tmpfs of a few MiB more than mkfs needs. Once the
 * tmpfs is full, the loop device's writes fail, so write-back fails with the kernel's own EIO, as
 * on a dying disk: writes into the page cache succeed, fsync and syncfs report the error. Needs
 * root (mount, losetup), as in CI; elsewhere the test is skipped with the reason.
 */
final class FailingDisk implements AutoCloseable {
  private final Path backing;
  private final Path mountPoint;
  private final List<String[]> undo = new ArrayList<>();

  private FailingDisk(Path backing, Path mountPoint) {
    this.backing = backing;
    this.mountPoint = mountPoint;
  }

  /** Mounts the file system at {@code work/fs}; about {@code mebibytes} MiB reach its disk. */
  static FailingDisk mount(Path work, int mebibytes) throws Exception {
    FailingDisk d = new FailingDisk(work.resolve("backing"), work.resolve("fs"));
    try {
      d.start(mebibytes);
    } catch (Exception | AssertionError e) {
      d.close();
      throw e;
    }
    return d;
  }

  private void start(int mebibytes) throws Exception {
    Files.createDirectories(backing);
    Files.createDirectories(mountPoint);
    // mkfs and mount write ~8.5 MiB of metadata into the image; the rest is what data can use.
    String tmpfsSize = "size=" + (9 + mebibytes) + "m";
    assumeOk(run("mount", "-t", "tmpfs", "-o", tmpfsSize, "tmpfs", backing.toString()));
    undo.add(0, new String[] {"umount", "-l", backing.toString()});
    Path image = backing.resolve("disk.img");
    require(run("truncate", "-s", "256M", image.toString()));
    Ran loop = run("losetup", "-f", "--show", image.toString());
    assumeOk(loop);
    String device = loop.out().strip();
    undo.add(0, new String[] {"losetup", "-d", device});
    require(run("mkfs.ext4", "-q", device));
    require(run("mount", "-o", "errors=continue", device, mountPoint.toString()));
    undo.add(0, new String[] {"umount", "-l", mountPoint.toString()});
  }

  Path path() {
    return mountPoint;
  }

  /** A command's exit code (-1: it did not end within a minute) and output. */
  private record Ran(int code, String cmd, String out) {
    @Override
    public String toString() {
      return cmd + " exited " + code + ": " + out.strip();
    }
  }

  private static Ran run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    boolean done = p.waitFor(60, TimeUnit.SECONDS);
    return new Ran(done ? p.exitValue() : -1, String.join(" ", cmd), out);
  }

  private static void assumeOk(Ran r) {
    Assumptions.assumeTrue(r.code() == 0, "cannot set up a failing disk: " + r);
  }

  private static void require(Ran r) {
    if (r.code() != 0) {
      throw new AssertionError("setting up the failing disk: " + r);
    }
  }

  @Override
  public void close() throws Exception {
    for (String[] cmd : undo) {
      run(cmd);
    }
    undo.clear();
  }
}
