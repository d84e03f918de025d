package dev.ferry.monitor.staging;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The file idioms of src-docs/staging-format.md rule 1: write a temp file, check its length, fsync,
 * rename, fsync the directory. Linux semantics (fsync of a directory descriptor makes its renames,
 * creations and deletions durable).
 */
final class Durable {
  static final String TEMP_SUFFIX = ".tmp";

  private Durable() {}

  /** Writes {@code content} to {@code dest} through {@code dest.tmp}, durably. */
  static void write(Path dest, byte[] content) throws IOException {
    Path tmp = dest.resolveSibling(dest.getFileName() + TEMP_SUFFIX);
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      writeFully(ch, ByteBuffer.wrap(content));
      if (ch.size() != content.length) {
        throw new IOException(tmp + ": wrote " + ch.size() + " bytes, expected " + content.length);
      }
      ch.force(true);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    rename(tmp, dest);
  }

  static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      ch.write(b);
    }
  }

  static void writeFully(FileChannel ch, ByteBuffer b, long position) throws IOException {
    long at = position;
    while (b.hasRemaining()) {
      at += ch.write(b, at);
    }
  }

  /** Renames atomically (replacing {@code to}) and fsyncs the directory of {@code to}. */
  static void rename(Path from, Path to) throws IOException {
    Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    fsyncDir(to.getParent());
  }

  /** Deletes {@code file} (a link itself, never its target) and fsyncs its directory. */
  static void delete(Path file) throws IOException {
    Files.deleteIfExists(file);
    fsyncDir(file.getParent());
  }

  static void fsyncDir(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  /** Creates {@code dir} if missing and fsyncs its parent so the entry survives a crash. */
  static void createDir(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir);
      fsyncDir(dir.toAbsolutePath().getParent());
    }
  }
}
