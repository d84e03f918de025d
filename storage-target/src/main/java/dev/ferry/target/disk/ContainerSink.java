package dev.ferry.target.disk;

import dev.ferry.target.ChunkHash;
import dev.ferry.target.ChunkLocation;
import dev.ferry.target.Compression;
import dev.ferry.target.container.ChunkCompressor;
import dev.ferry.target.container.ContainerBuilder;
import dev.ferry.target.container.ContainerHeader;
import dev.ferry.target.container.ContainerReader;
import dev.ferry.target.crypto.TargetKeys;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Encodes chunks (compressing those it pays to), fills containers in memory and writes each one
 * durably when it is full. Why 16 MiB: see {@code src-docs/decisions/0002-container-size.md}; the
 * limit counts stored (compressed, and in an encrypted target sealed) bytes. Owns a native
 * compression context until {@link #release}.
 *
 * <p>A full container is written by a background thread while the caller fills the next one, so the
 * write and its fsyncs overlap the hashing and compressing of what follows. At most one write is in
 * flight: memory is two container buffers, and a caller that outruns the disk waits in {@link
 * #add}. A write's failure is thrown by the next {@link #add}, {@link #flush} or (as the failure of
 * what it cleans up) {@link #abort}. {@link #flush} returns only once every container handed on is
 * durable, so a commit still writes containers, then index, then root. Not thread-safe: one caller
 * thread drives a sink; the background thread touches only the container it was given.
 */
final class ContainerSink {
  /** Stored data bytes after which a container is sealed. */
  static final int LIMIT = 16 << 20;

  /**
   * Header bytes after which a container is sealed, well under the 64 MiB readers accept: a
   * container of tiny chunks (a tree of small files is one chunk a file) fills its header first.
   */
  static final int HEADER_LIMIT = 8 << 20;

  private final TargetLayout layout;
  private final AtomicFiles files;
  private final int limit;
  private final Supplier<String> ids;
  private final List<String> sealed = new ArrayList<>();
  private final ChunkCompressor compressor;
  private final TargetKeys keys;
  private ContainerBuilder current;

  /** The container being written in the background, until {@link #awaitWrite} collects it. */
  private ContainerBuilder writing;

  private Future<?> write;
  private ExecutorService writer;

  /** A container whose write failed; its files may be left for {@link #abort} to delete. */
  private String failedId;

  private byte[] spare;

  /**
   * @param keys seal what is written with these ({@link TargetKeys#NONE}: write it plain)
   */
  ContainerSink(
      TargetLayout layout, DiskOptions options, Compression compression, TargetKeys keys) {
    this.keys = keys;
    this.layout = layout;
    this.files = new AtomicFiles(options.fs());
    this.limit = options.containerLimit();
    this.ids = options.containerIds();
    this.compressor = new ChunkCompressor(compression);
  }

  /**
   * Encodes and buffers a chunk, sealing the current container first if the chunk would overfill
   * it; returns where it will live (stored offset and length).
   */
  ChunkLocation add(ChunkHash h, byte[] buf, int off, int len, String path) throws IOException {
    ensureNotFailed();
    ChunkCompressor.Encoded stored = compressor.encode(buf, off, len);
    if (current != null
        && !current.isEmpty()
        && ((long) current.dataSize() + current.storedLength(stored) > limit
            || current.headerLengthWith(path) > HEADER_LIMIT)) {
      seal();
    }
    if (current == null) {
      current = new ContainerBuilder(newId(), spare, keys);
      spare = null;
    }
    long offset = current.add(h, stored, len, path);
    return new ChunkLocation(current.id(), offset, current.storedLength(stored));
  }

  /**
   * Frees the compression context and stops the background thread; call once the writer is done
   * (committed or aborted, so no write is in flight).
   */
  void release() {
    compressor.close();
    if (writer != null) {
      writer.shutdown();
    }
  }

  private String newId() {
    String id;
    do {
      id = ids.get();
    } while (Files.exists(layout.container(id)));
    return id;
  }

  /**
   * Writes the current container, if any, and waits until every container handed on is durable:
   * each is temp, fsync, re-read header, rename, fsync dir.
   */
  void flush() throws IOException {
    seal();
    awaitWrite();
  }

  /**
   * Hands the current container, if any, to the background thread once the previous write is done
   * (its buffer becomes the next container's).
   */
  private void seal() throws IOException {
    ensureNotFailed();
    if (current == null || current.isEmpty()) {
      return;
    }
    awaitWrite();
    ContainerBuilder full = current;
    current = null;
    if (writer == null) {
      writer =
          Executors.newSingleThreadExecutor(
              r -> {
                Thread t = new Thread(r, "ferry-container-writer " + layout.root());
                t.setDaemon(true); // a writer never closed must not keep the JVM alive
                return t;
              });
    }
    writing = full;
    write = writer.submit(() -> writeDurably(full));
  }

  /**
   * After a failed write the sink takes nothing more: that container's chunks were handed out as
   * stored, so going on (or retrying the commit with this writer) would index chunks that are not
   * there. The writer is aborted and a new one tries again.
   */
  private void ensureNotFailed() throws IOException {
    if (failedId != null) {
      throw new IOException(
          "container " + failedId + " of " + layout.root() + " could not be written; abort");
    }
  }

  /** Waits for the write in flight, if any; records its container as sealed or rethrows. */
  private void awaitWrite() throws IOException {
    if (write == null) {
      return;
    }
    ContainerBuilder done = writing;
    Future<?> f = write;
    write = null;
    writing = null;
    try {
      Waits.uninterruptibly(f);
    } catch (ExecutionException e) {
      failedId = done.id();
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IOException("writing container " + done.id(), cause);
    }
    sealed.add(done.id());
    spare = done.releaseBuffer();
  }

  /** On the background thread: temp, fsync, re-read header, rename, fsync dir. */
  private Void writeDurably(ContainerBuilder c) throws IOException {
    String id = c.id();
    Path dest = layout.container(id);
    files.createDir(dest.getParent());
    Path tmp = files.writeTemp(dest, c.encode());
    try {
      checkReadBack(tmp, c.header(), layout.containerName(id), keys);
    } catch (IOException | RuntimeException e) {
      files.deleteQuietly(tmp, e);
      throw e;
    }
    files.commit(tmp, dest);
    return null;
  }

  /** The restic idiom: parse what we just wrote before trusting it, to catch a broken writer. */
  private static void checkReadBack(
      Path tmp, ContainerHeader expected, String name, TargetKeys keys) throws IOException {
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.READ)) {
      ContainerHeader actual = ContainerReader.readHeader(ch, name, keys);
      if (!actual.equals(expected)) {
        throw new IOException(name + ": header read back differs from the header written");
      }
    }
  }

  /** Containers written so far, durable. */
  List<String> sealedIds() {
    return List.copyOf(sealed);
  }

  /**
   * Drops the buffer; with {@code deleteSealed}, also deletes containers already written. Waits for
   * a write in flight first, so nothing is created after this returns.
   */
  void abort(boolean deleteSealed) throws IOException {
    try {
      awaitWrite();
    } catch (IOException | RuntimeException e) {
      // Recorded in failedId and cleaned up below; the caller is already failing for a reason.
    }
    if (failedId != null) {
      // A write that failed (disk full) may have left the fan-out directory it created, its temp
      // file if deleting that failed too, or the container if only the directory fsync failed.
      // No index names it: a failed write means the index was not written.
      Path p = layout.container(failedId);
      files.fs().deleteIfExists(AtomicFiles.tempOf(p));
      files.fs().deleteIfExists(p);
      if (Files.isDirectory(p.getParent())) {
        removeIfEmpty(p.getParent());
      }
      failedId = null;
    }
    current = null;
    if (!deleteSealed) {
      return;
    }
    for (String id : sealed) {
      Path p = layout.container(id);
      files.fs().deleteIfExists(AtomicFiles.tempOf(p));
      if (files.fs().deleteIfExists(p)) {
        removeIfEmpty(p.getParent());
      }
    }
    sealed.clear();
  }

  /** An aborted writer leaves no trace, not even the fan-out directory it created. */
  private void removeIfEmpty(Path dir) throws IOException {
    try (var entries = Files.list(dir)) {
      if (entries.findAny().isEmpty()) {
        files.fs().deleteIfExists(dir);
        files.fs().fsyncDir(layout.data());
        return;
      }
    }
    files.fs().fsyncDir(dir);
  }
}
