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
import java.util.function.Supplier;

/**
 * Encodes chunks (compressing those it pays to), fills containers in memory and writes each one
 * durably when it is full. Why 16 MiB: see {@code src-docs/decisions/0002-container-size.md}; the
 * limit counts stored (compressed, and in an encrypted target sealed) bytes. Owns a native
 * compression context until {@link #release}. Not thread-safe.
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
  private boolean flushFailed;
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
    ChunkCompressor.Encoded stored = compressor.encode(buf, off, len);
    if (current != null
        && !current.isEmpty()
        && ((long) current.dataSize() + current.storedLength(stored) > limit
            || current.headerLengthWith(path) > HEADER_LIMIT)) {
      flush();
    }
    if (current == null) {
      current = new ContainerBuilder(newId(), spare, keys);
      spare = null;
    }
    long offset = current.add(h, stored, len, path);
    return new ChunkLocation(current.id(), offset, current.storedLength(stored));
  }

  /** Frees the compression context; call once the writer is done (committed or aborted). */
  void release() {
    compressor.close();
  }

  private String newId() {
    String id;
    do {
      id = ids.get();
    } while (Files.exists(layout.container(id)));
    return id;
  }

  /** Writes the current container, if any: temp, fsync, re-read header, rename, fsync dir. */
  void flush() throws IOException {
    if (current == null || current.isEmpty()) {
      return;
    }
    String id = current.id();
    Path dest = layout.container(id);
    flushFailed = true; // until it succeeds
    files.createDir(dest.getParent());
    Path tmp = files.writeTemp(dest, current.encode());
    try {
      checkReadBack(tmp, current.header(), layout.containerName(id), keys);
    } catch (IOException | RuntimeException e) {
      files.deleteQuietly(tmp, e);
      throw e;
    }
    files.commit(tmp, dest);
    sealed.add(id);
    flushFailed = false;
    spare = current.releaseBuffer();
    current = null;
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

  /** Drops the buffer; with {@code deleteSealed}, also deletes containers already written. */
  void abort(boolean deleteSealed) throws IOException {
    if (current != null && flushFailed) {
      // A flush that failed (disk full) may have left the fan-out directory it created, its temp
      // file if deleting that failed too, or the container if only the directory fsync failed.
      // No index names it: a failed flush means the index was not written.
      Path p = layout.container(current.id());
      files.fs().deleteIfExists(AtomicFiles.tempOf(p));
      files.fs().deleteIfExists(p);
      if (Files.isDirectory(p.getParent())) {
        removeIfEmpty(p.getParent());
      }
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
