package dev.ferry.target.disk;

import dev.ferry.target.TargetLockedException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The single-writer lock: an exclusive OS lock on the target's {@code lock} file. The OS drops it
 * when the holder dies, so no stale-lock cleanup exists or is needed. The lock file's content is
 * never used. Holds for other processes and for other {@code DiskTarget} instances in this JVM.
 */
public final class WriterLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private WriterLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the lock or fails at once. */
  public static WriterLock acquire(Path lockFile) throws IOException {
    return tryAcquire(lockFile).orElseThrow(() -> new TargetLockedException(lockFile));
  }

  /** Takes the lock if nobody holds it. */
  public static Optional<WriterLock> tryAcquire(Path lockFile) throws IOException {
    FileChannel ch =
        FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      FileLock lock = ch.tryLock();
      if (lock != null) {
        return Optional.of(new WriterLock(ch, lock));
      }
    } catch (OverlappingFileLockException e) {
      // Held by this JVM through another channel: just as taken as by another process.
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    ch.close();
    return Optional.empty();
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }
}
