package dev.ferry.target.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The one way target files come into being: write {@code name.tmp}, check its length, fsync, close,
 * rename over {@code name}, fsync the directory. A crash leaves either the old file or the new one,
 * plus perhaps a temp file that recovery deletes.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Writes {@code parts} to {@code dest} atomically and durably. */
  public static void write(Path dest, List<ByteBuffer> parts) throws IOException {
    Path tmp = writeTemp(dest, parts);
    commit(tmp, dest);
  }

  public static void write(Path dest, byte[] content) throws IOException {
    write(dest, List.of(ByteBuffer.wrap(content)));
  }

  /** Writes and fsyncs {@code dest.tmp}; the caller may inspect it before {@link #commit}. */
  public static Path writeTemp(Path dest, List<ByteBuffer> parts) throws IOException {
    Path tmp = tempOf(dest);
    long expected = 0;
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      for (ByteBuffer part : parts) {
        ByteBuffer b = part.duplicate();
        expected += b.remaining();
        while (b.hasRemaining()) {
          ch.write(b);
        }
      }
      if (ch.size() != expected) {
        throw new IOException(tmp + ": wrote " + ch.size() + " bytes, expected " + expected);
      }
      ch.force(true);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    return tmp;
  }

  /** Renames a fsynced temp file over {@code dest} and fsyncs the directory. */
  public static void commit(Path tmp, Path dest) throws IOException {
    Files.move(tmp, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    fsyncDir(dest.getParent());
  }

  public static Path tempOf(Path dest) {
    return dest.resolveSibling(dest.getFileName() + TargetLayout.TEMP_SUFFIX);
  }

  /** Makes a rename or delete in {@code dir} durable (Linux: fsync on a directory descriptor). */
  public static void fsyncDir(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  /** Creates {@code dir} (and parents) and fsyncs its parent so the new entry survives a crash. */
  public static void createDir(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir);
      fsyncDir(dir.getParent());
    }
  }
}
