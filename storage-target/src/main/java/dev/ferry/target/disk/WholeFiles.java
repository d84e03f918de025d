package dev.ferry.target.disk;

import dev.ferry.target.container.FieldReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads target files that are parsed whole (the {@code ferry-target} file, index files, snapshot
 * roots) without trusting what sits at their name: a symbolic link is not followed, anything but a
 * regular file is refused before it is opened, and no more than a cap is read, so a root planted as
 * a link to {@code /dev/zero}, a FIFO or a huge sparse file ends in a clean error, not a hang or an
 * OutOfMemoryError. Stateless and thread-safe.
 *
 * <p>Not guaranteed: a file swapped for a FIFO between the check and the open can still block the
 * open (the JDK has no {@code O_NONBLOCK} open); the check narrows that race, it does not close it.
 */
public final class WholeFiles {
  private WholeFiles() {}

  /**
   * The whole content of the regular file {@code p}, at most {@code maxBytes} long.
   *
   * @param failure makes the exception for the kind of file, naming it
   * @throws java.nio.file.NoSuchFileException if nothing is at {@code p}
   * @throws dev.ferry.target.CorruptDataException from {@code failure} if {@code p} is a link, not
   *     a regular file, or longer than {@code maxBytes} (checked before reading and again while
   *     reading, in case it grows)
   */
  public static byte[] read(Path p, int maxBytes, FieldReader.Failure failure) throws IOException {
    BasicFileAttributes a =
        Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (a.isSymbolicLink()) {
      throw failure.at("is a symbolic link, not followed");
    }
    if (!a.isRegularFile()) {
      throw failure.at("is not a regular file");
    }
    if (a.size() > maxBytes) {
      throw failure.at(tooLong(a.size() + " bytes", maxBytes));
    }
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        InputStream in = Channels.newInputStream(ch)) {
      // readNBytes grows its buffer as bytes arrive, so a lying size allocates nothing extra.
      byte[] b = in.readNBytes(maxBytes + 1);
      if (b.length > maxBytes) {
        throw failure.at(tooLong("grew to more than " + maxBytes + " bytes", maxBytes));
      }
      return b;
    }
  }

  private static String tooLong(String size, int maxBytes) {
    return size + ", over the cap of " + maxBytes + " bytes for this kind of file";
  }
}
