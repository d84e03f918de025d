package dev.ferry.manager.drain;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Puts the test application's storage target on a real 32 MiB tmpfs, so that "target full" is the
 * kernel's ENOSPC. Starts after {@code CatalogTestDatabase} (higher {@link #order}), so its {@code
 * ferry.target} wins. Mounting needs root (as in CI); where it fails the target is an ordinary
 * folder and {@link #mounted} says so, for the test to skip itself.
 */
public class SmallTargetDisk implements QuarkusTestResourceLifecycleManager {
  private static volatile Path mountPoint;
  private static volatile boolean mounted;
  private static volatile String mountError = "";

  @Override
  public Map<String, String> start() {
    try {
      mountPoint = Files.createTempDirectory("ferry-small-target");
      Process p =
          new ProcessBuilder(
                  "mount", "-t", "tmpfs", "-o", "size=32m", "tmpfs", mountPoint.toString())
              .redirectErrorStream(true)
              .start();
      mountError = new String(p.getInputStream().readAllBytes()).strip();
      mounted = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
      return Map.of("ferry.target", mountPoint.resolve("target").toString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public int order() {
    return 10;
  }

  @Override
  public void stop() {
    if (!mounted) {
      return;
    }
    try {
      Process p =
          new ProcessBuilder("umount", "-l", mountPoint.toString())
              .redirectErrorStream(true)
              .start();
      p.getInputStream().readAllBytes();
      p.waitFor(30, TimeUnit.SECONDS);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static boolean mounted() {
    return mounted;
  }

  static String mountError() {
    return mountError;
  }

  /** Writes ballast until at most {@code leaveBytes} are free (tmpfs counts whole pages). */
  static void fillLeaving(long leaveBytes) throws IOException {
    byte[] mib = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(mountPoint.resolve("ballast"))) {
      for (long free = usable(); free > leaveBytes; free = usable()) {
        out.write(mib, 0, (int) Math.min(mib.length, Math.max(4096, free - leaveBytes)));
      }
    }
  }

  /** Deletes the ballast. */
  static void free() throws IOException {
    Files.deleteIfExists(mountPoint.resolve("ballast"));
  }

  private static long usable() throws IOException {
    return Files.getFileStore(mountPoint).getUsableSpace();
  }
}
