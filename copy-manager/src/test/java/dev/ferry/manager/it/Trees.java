package dev.ferry.manager.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Compares two folder trees file by file: names, bytes, mtimes (ns) and permission bits; symbolic
 * links by their target text and mtime (µs: the JDK sets a link's times with lutimes).
 */
final class Trees {
  private Trees() {}

  static void assertSame(Path expected, Path actual) throws IOException {
    Map<String, String> e = describe(expected);
    Map<String, String> a = describe(actual);
    assertThat(a).as("restored tree %s vs %s", actual, expected).isEqualTo(e);
  }

  private static Map<String, String> describe(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        if (Files.isSymbolicLink(p)) {
          long mtime =
              Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).to(TimeUnit.MICROSECONDS);
          out.put(
              root.relativize(p).toString(),
              "link to " + Files.readSymbolicLink(p) + ", mtime " + mtime + " µs");
          continue;
        }
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        byte[] bytes = Files.readAllBytes(p);
        out.put(
            root.relativize(p).toString(),
            bytes.length
                + " bytes, sha256 "
                + sha256(bytes)
                + ", mtime "
                + Files.getLastModifiedTime(p).to(TimeUnit.NANOSECONDS)
                + ", "
                + PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
      }
    }
    return out;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
