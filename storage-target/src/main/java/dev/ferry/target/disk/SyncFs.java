package dev.ferry.target.disk;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link FileSystemBarrier} by Linux's syncfs(2), through JNA (the JDK has no call for it). Only
 * from Linux 5.8 on: before that, syncfs returned 0 even when write-back had failed, so a restore
 * would have reported lost data as restored; {@link #open} then gives nothing and the caller falls
 * back to an fsync per file, which has always reported such errors.
 */
final class SyncFs implements FileSystemBarrier {
  /** The three libc calls used; errno comes back as {@link LastErrorException}. */
  private interface LibC extends Library {
    int open(String path, int flags) throws LastErrorException;

    int syncfs(int fd) throws LastErrorException;

    int close(int fd) throws LastErrorException;
  }

  /** O_RDONLY | O_CLOEXEC, the same on x86-64 and arm64 (O_DIRECTORY is not, so it is left out). */
  private static final int OPEN_FLAGS = 0 | 02000000;

  private static final Pattern KERNEL = Pattern.compile("^(\\d+)\\.(\\d+)");

  private final LibC libc;
  private final int fd;
  private final Path dir;

  private SyncFs(LibC libc, int fd, Path dir) {
    this.libc = libc;
    this.fd = fd;
    this.dir = dir;
  }

  /**
   * A barrier on the file system holding {@code dir}, or empty where syncfs is missing or does not
   * report write-back errors (not Linux, Linux before 5.8, no JNA native library, or {@code dir}
   * cannot be opened). Errors are reported from this call on: syncfs reports those that happened
   * since its descriptor was opened.
   */
  static Optional<FileSystemBarrier> open(Path dir) {
    if (!reportsWriteBackErrors(System.getProperty("os.name"), System.getProperty("os.version"))) {
      return Optional.empty();
    }
    try {
      LibC libc = Native.load("c", LibC.class);
      return Optional.of(new SyncFs(libc, libc.open(dir.toString(), OPEN_FLAGS), dir));
    } catch (LastErrorException | UnsatisfiedLinkError | NoClassDefFoundError e) {
      return Optional.empty();
    }
  }

  /** Whether syncfs on this kernel returns write-back errors: Linux 5.8 and later. */
  static boolean reportsWriteBackErrors(String osName, String osVersion) {
    if (osName == null || !osName.toLowerCase(Locale.ROOT).equals("linux") || osVersion == null) {
      return false;
    }
    Matcher m = KERNEL.matcher(osVersion);
    if (!m.find()) {
      return false;
    }
    int major = Integer.parseInt(m.group(1));
    int minor = Integer.parseInt(m.group(2));
    return major > 5 || (major == 5 && minor >= 8);
  }

  @Override
  public void sync() throws IOException {
    try {
      libc.syncfs(fd);
    } catch (LastErrorException e) {
      throw new IOException(
          "syncfs of the file system holding " + dir + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      libc.close(fd);
    } catch (LastErrorException e) {
      // A read-only descriptor of a directory: nothing of ours is lost if closing it fails.
    }
  }
}
