package dev.ferry.manager.standalone;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One Ferry per data folder. An OS file lock, so a killed process releases it with its death and no
 * stale lock file has to be cleaned by hand.
 */
public final class DataDirLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private DataDirLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  public static DataDirLock acquire(Path dataDir) throws IOException {
    Files.createDirectories(dataDir);
    Path file = dataDir.resolve("ferry.lock");
    FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock = ch.tryLock();
    if (lock == null) {
      ch.close();
      throw new IOException("another Ferry is already running with --data " + dataDir);
    }
    return new DataDirLock(ch, lock);
  }

  /**
   * True if a live process holds the lock of {@code dataDir} (this JVM included). Takes the lock
   * for an instant when it is free, so a Ferry starting at that very instant may fail to start.
   */
  public static boolean isHeld(Path dataDir) throws IOException {
    Path file = dataDir.resolve("ferry.lock");
    if (!Files.exists(file)) {
      return false;
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      FileLock probe = ch.tryLock();
      if (probe == null) {
        return true;
      }
      probe.release();
      return false;
    } catch (java.nio.channels.OverlappingFileLockException e) {
      return true;
    } catch (java.nio.file.NoSuchFileException e) {
      return false;
    }
  }

  @Override
  public void close() throws IOException {
    lock.release();
    channel.close();
  }
}
