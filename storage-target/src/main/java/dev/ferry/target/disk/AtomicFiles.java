package dev.ferry.target.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The one way target files come into being: write {@code name.tmp}, check its length, fsync, close,
 * rename over {@code name}, fsync the directory. A crash leaves either the old file or the new one,
 * plus perhaps a temp file that recovery deletes. Every change goes through the {@link TargetFs}
 * given at construction. Stateless beyond it; thread-safe if it is.
 */
public final class AtomicFiles {
  private final TargetFs fs;

  public AtomicFiles(TargetFs fs) {
    this.fs = fs;
  }

  /** The file layer all changes go through, for callers that delete or rename on their own. */
  public TargetFs fs() {
    return fs;
  }

  /** Writes {@code parts} to {@code dest} atomically and durably. */
  public void write(Path dest, List<ByteBuffer> parts) throws IOException {
    Path tmp = writeTemp(dest, parts);
    commit(tmp, dest);
  }

  public void write(Path dest, byte[] content) throws IOException {
    write(dest, List.of(ByteBuffer.wrap(content)));
  }

  /**
   * Writes and fsyncs {@code dest.tmp}; the caller may inspect it before {@link #commit}. On
   * failure the temp file is deleted (best effort: if that fails too, recovery deletes it).
   */
  public Path writeTemp(Path dest, List<ByteBuffer> parts) throws IOException {
    Path tmp = tempOf(dest);
    long expected = 0;
    for (ByteBuffer part : parts) {
      expected += part.remaining();
    }
    try {
      long size = fs.write(tmp, parts);
      if (size != expected) {
        throw new IOException(tmp + ": wrote " + size + " bytes, expected " + expected);
      }
      fs.fsync(tmp);
    } catch (IOException | RuntimeException e) {
      deleteQuietly(tmp, e);
      throw e;
    }
    return tmp;
  }

  /**
   * Renames a fsynced temp file over {@code dest} and fsyncs the directory. On failure the temp
   * file is deleted if it is still there; {@code dest} may then be the old file or the new one.
   */
  public void commit(Path tmp, Path dest) throws IOException {
    try {
      fs.rename(tmp, dest);
      fs.fsyncDir(dest.getParent());
    } catch (IOException | RuntimeException e) {
      deleteQuietly(tmp, e);
      throw e;
    }
  }

  /** Deletes {@code p} after {@code failure}; a second error is attached to the first. */
  void deleteQuietly(Path p, Exception failure) {
    try {
      fs.deleteIfExists(p);
    } catch (IOException | RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  public static Path tempOf(Path dest) {
    return dest.resolveSibling(dest.getFileName() + TargetLayout.TEMP_SUFFIX);
  }

  /**
   * Creates {@code dir} and any missing parents, fsyncing each new directory's parent so the new
   * entry survives a crash. Each level is made durable before the next is created under it.
   */
  public void createDir(Path dir) throws IOException {
    Deque<Path> missing = new ArrayDeque<>();
    // Up to the first name that exists: if that is a file, creating below it fails naming the
    // path asked for ("Not a directory"), which is what the user needs to see.
    for (Path p = dir; p != null && !Files.exists(p); p = p.getParent()) {
      missing.push(p);
    }
    if (missing.isEmpty() && !Files.isDirectory(dir)) {
      throw new FileAlreadyExistsException(dir.toString(), null, "exists and is not a directory");
    }
    for (Path p : missing) {
      fs.createDir(p);
      fs.fsyncDir(p.getParent());
    }
  }
}
