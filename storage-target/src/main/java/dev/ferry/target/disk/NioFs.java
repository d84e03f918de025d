package dev.ferry.target.disk;

import dev.ferry.target.TargetFullException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The production {@link TargetFs}: plain java.nio on the local file system. Stateless and
 * thread-safe. Also used for the restore destination, which is not part of the target.
 */
public final class NioFs implements TargetFs {
  public static final NioFs INSTANCE = new NioFs();

  /** What Linux and the JDK report for ENOSPC; the JDK has no exception type of its own for it. */
  private static final String NO_SPACE = "No space left on device";

  private NioFs() {}

  @Override
  public long write(Path file, List<ByteBuffer> parts) throws IOException {
    try (FileChannel ch =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      for (ByteBuffer part : parts) {
        ByteBuffer b = part.duplicate();
        while (b.hasRemaining()) {
          ch.write(b);
        }
      }
      return ch.size();
    } catch (IOException e) {
      throw noSpaceOr(file, e);
    }
  }

  @Override
  public void fsync(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.force(true);
    } catch (IOException e) {
      throw noSpaceOr(file, e);
    }
  }

  @Override
  public void rename(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw noSpaceOr(to, e);
    }
  }

  @Override
  public void fsyncDir(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  @Override
  public void createDir(Path dir) throws IOException {
    try {
      Files.createDirectory(dir);
    } catch (IOException e) {
      throw noSpaceOr(dir, e);
    }
  }

  @Override
  public boolean deleteIfExists(Path p) throws IOException {
    return Files.deleteIfExists(p);
  }

  /** ENOSPC becomes {@link TargetFullException}; anything else is passed on as it is. */
  private static IOException noSpaceOr(Path p, IOException e) {
    if (e instanceof TargetFullException || !String.valueOf(e.getMessage()).contains(NO_SPACE)) {
      return e;
    }
    return new TargetFullException(p, e);
  }
}
