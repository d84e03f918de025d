package dev.ferry.target.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

/**
 * Every change the disk target makes to its directory goes through here: writing a file, making its
 * bytes durable, renaming, making a directory's entries durable, creating a directory and deleting.
 * Reads do not: they change nothing that a crash could lose, and the power-loss tests run on real
 * files, so a plain java.nio read sees exactly what this layer left there.
 *
 * <p>Durability contract, strict POSIX: a file's bytes are durable only after {@link #fsync} of
 * that file; a create, rename or delete is durable only after {@link #fsyncDir} of the directory
 * holding the name. Nothing here fsyncs on its own; {@link AtomicFiles} puts the calls in order.
 *
 * <p>Not covered: the {@code lock} file, which {@link WriterLock} opens itself because the OS lock
 * needs its own channel; its existence and (empty) content do not matter after a crash.
 *
 * <p>Implementations must be safe for use by one writer and concurrent readers.
 */
public interface TargetFs {
  /**
   * Creates {@code file} or truncates it, and writes {@code parts} back to back. Not durable.
   *
   * @return the file's size afterwards, for the caller's length check
   * @throws TargetFullException if the file system has no room
   */
  long write(Path file, List<ByteBuffer> parts) throws IOException;

  /** Makes {@code file}'s bytes durable (fsync). Not its name: that needs {@link #fsyncDir}. */
  void fsync(Path file) throws IOException;

  /** Renames {@code from} to {@code to} in the same directory, atomically replacing {@code to}. */
  void rename(Path from, Path to) throws IOException;

  /** Makes creates, renames and deletes in {@code dir} durable (fsync on the directory). */
  void fsyncDir(Path dir) throws IOException;

  /** Creates the directory {@code dir}, whose parent must exist. Not durable. */
  void createDir(Path dir) throws IOException;

  /**
   * Deletes the file or empty directory {@code p} if it is there, without following a link.
   *
   * @return whether it was there
   */
  boolean deleteIfExists(Path p) throws IOException;
}
