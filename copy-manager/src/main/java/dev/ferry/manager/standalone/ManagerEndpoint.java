package dev.ferry.manager.standalone;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * {@code <data>/manager.url}: where the manager running on a data folder answers, so {@code ferry
 * status --data DIR} and {@code ferry drain --now --data DIR} can find it.
 */
public final class ManagerEndpoint {
  private ManagerEndpoint() {}

  static Path file(Path dataDir) {
    return dataDir.resolve("manager.url");
  }

  public static void publish(Path dataDir, String url) throws IOException {
    Path tmp = dataDir.resolve("manager.url.tmp");
    Files.writeString(tmp, url + "\n", StandardCharsets.UTF_8);
    Files.move(
        tmp, file(dataDir), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  public static void withdraw(Path dataDir) throws IOException {
    Files.deleteIfExists(file(dataDir));
  }

  /** The URL of the manager running on this data folder. */
  public static String find(Path dataDir) throws IOException {
    try {
      return Files.readString(file(dataDir), StandardCharsets.UTF_8).trim();
    } catch (NoSuchFileException e) {
      throw new IOException(
          "no Ferry is running with --data " + dataDir + " (no manager.url there)", e);
    }
  }
}
