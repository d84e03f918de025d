package dev.ferry.target.container;

import dev.ferry.target.ChunkHash;
import dev.ferry.target.crypto.TargetKeys;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Collects chunks for one container in memory and encodes it: version 2, or version 3 (header and
 * every chunk sealed) when given the keys of an encrypted target. Memory grows with what was added
 * (up to the writer's container limit); a writer filling container after container hands the grown
 * buffer on ({@link #releaseBuffer}) instead of growing a new one by doubling each time. Not
 * thread-safe.
 */
public final class ContainerBuilder {
  private final String id;
  private final TargetKeys keys;
  private final List<ContainerEntry> entries = new ArrayList<>();
  private final List<String> paths = new ArrayList<>();
  private final Map<String, Integer> pathRows = new HashMap<>();
  private byte[] data = new byte[64 << 10];
  private int size;
  private long pathTableBytes;

  public ContainerBuilder(String id) {
    this(id, null);
  }

  /**
   * @param buffer a buffer to fill (its content is overwritten), typically released by the previous
   *     container of the same writer; null for a fresh one
   */
  public ContainerBuilder(String id, byte[] buffer) {
    this(id, buffer, TargetKeys.NONE);
  }

  /**
   * @param keys seal the header and every chunk with these ({@link TargetKeys#NONE}: plain)
   */
  public ContainerBuilder(String id, byte[] buffer, TargetKeys keys) {
    this.keys = keys;
    if (!ContainerFormat.isValidId(id)) {
      throw new IllegalArgumentException("bad container id " + id);
    }
    this.id = id;
    if (buffer != null) {
      this.data = buffer;
    }
  }

  /** The data buffer, for the next container once this one has been written; do not reuse this. */
  public byte[] releaseBuffer() {
    return data;
  }

  public String id() {
    return id;
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /** Bytes of chunk data held so far. */
  public int dataSize() {
    return size;
  }

  /**
   * The header body's length if a chunk brought by {@code path} were added now (an upper bound: the
   * path may already be in the table). Lets a writer seal before the header outgrows what readers
   * accept ({@link ContainerFormat#MAX_HEADER}): many tiny chunks fill it long before the data
   * section is full.
   */
  public long headerLengthWith(String path) {
    long pathBytes = pathTableBytes + 2 + 4L * path.length(); // UTF-8: at most 4 bytes a char
    return ContainerFormat.ID_LENGTH
        + 8
        + pathBytes
        + (long) (entries.size() + 1) * ContainerFormat.CHUNK_ENTRY;
  }

  /** Bytes in the data section for a chunk encoded as {@code stored}: sealing adds some. */
  public int storedLength(ChunkCompressor.Encoded stored) {
    return stored.length() + keys.chunkOverhead();
  }

  /** Appends a chunk stored plain and returns its offset in the data section. */
  public long add(ChunkHash hash, byte[] buf, int off, int len, String path) {
    return add(hash, new ChunkCompressor.Encoded(buf, off, len, 0), len, path);
  }

  /**
   * Appends a chunk as {@code stored} encodes it, sealed in an encrypted target, and returns its
   * offset in the data section; it takes {@link #storedLength} bytes there.
   *
   * @param plainLength the chunk's length before encoding; equal to the stored length for flags 0
   */
  public long add(ChunkHash hash, ChunkCompressor.Encoded stored, int plainLength, String path) {
    int len = stored.length();
    if (stored.flags() == 0 ? len != plainLength : len >= plainLength) {
      throw new IllegalArgumentException(
          "chunk " + hash + ": stored " + len + " bytes for " + plainLength + " plain");
    }
    int onDisk = storedLength(stored);
    ensureCapacity(onDisk);
    long offset = size;
    int flags = stored.flags();
    if (keys.encrypted()) {
      flags |= ContainerFormat.FLAG_ENCRYPTED;
      keys.sealChunk(
          id, offset, hash, plainLength, flags, stored.buf(), stored.off(), len, data, size);
    } else {
      System.arraycopy(stored.buf(), stored.off(), data, size, len);
    }
    size += onDisk;
    int row = pathRows.computeIfAbsent(path, p -> addPath(p));
    entries.add(new ContainerEntry(hash, offset, onDisk, plainLength, flags, row));
    return offset;
  }

  private int addPath(String path) {
    pathTableBytes += 2 + path.getBytes(StandardCharsets.UTF_8).length;
    paths.add(path);
    return paths.size() - 1;
  }

  private void ensureCapacity(int len) {
    long needed = (long) size + len;
    if (needed > Integer.MAX_VALUE - 64) {
      throw new IllegalStateException("container " + id + " would exceed 2 GiB");
    }
    if (needed > data.length) {
      data =
          Arrays.copyOf(
              data, (int) Math.min(Integer.MAX_VALUE - 64, Math.max(needed, 2L * data.length)));
    }
  }

  /** The header this builder would write now (for tests and the re-read check). */
  public ContainerHeader header() {
    return new ContainerHeader(id, paths, entries, headerBody().length + keys.headerOverhead());
  }

  /** The whole file as buffers: preamble+header+CRC, data, trailer. */
  public List<ByteBuffer> encode() {
    byte[] body = keys.encrypted() ? keys.sealHeader(headerBody()) : headerBody();
    int version = keys.encrypted() ? ContainerFormat.ENCRYPTED_VERSION : ContainerFormat.VERSION;
    byte[] head =
        new FieldWriter(body.length + ContainerFormat.PREAMBLE + 4)
            .bytes(ContainerFormat.MAGIC)
            .s32(version)
            .s32(body.length)
            .bytes(body)
            .toByteArray();
    FieldWriter headWithCrc = new FieldWriter(head.length + 4).bytes(head);
    headWithCrc.s32(Checksums.crc32c(head, 0, head.length));
    byte[] headerBytes = headWithCrc.toByteArray();
    CRC32C crc = new CRC32C();
    crc.update(headerBytes, 0, headerBytes.length);
    crc.update(data, 0, size);
    long total = (long) headerBytes.length + size + ContainerFormat.TRAILER;
    byte[] trailer =
        new FieldWriter(ContainerFormat.TRAILER)
            .s64(total)
            .s32((int) crc.getValue())
            .bytes(ContainerFormat.END_MAGIC)
            .toByteArray();
    return List.of(
        ByteBuffer.wrap(headerBytes), ByteBuffer.wrap(data, 0, size), ByteBuffer.wrap(trailer));
  }

  private byte[] headerBody() {
    FieldWriter w = new FieldWriter(64 + entries.size() * ContainerFormat.CHUNK_ENTRY);
    w.bytes(id.getBytes(StandardCharsets.US_ASCII));
    w.s32(paths.size());
    for (String p : paths) {
      w.utf8(p);
    }
    w.s32(entries.size());
    for (ContainerEntry e : entries) {
      w.bytes(e.hash().toBytes())
          .s64(e.offset())
          .s32(e.storedLength())
          .s32(e.plainLength())
          .u8(e.flags())
          .s32(e.pathIndex());
    }
    return w.toByteArray();
  }
}
