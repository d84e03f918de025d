package dev.ferry.target.container;

import dev.ferry.target.ChunkHash;
import dev.ferry.target.CorruptContainerException;
import dev.ferry.target.FileEntry;
import dev.ferry.target.InvalidEntryPathException;
import dev.ferry.target.UnsupportedFormatException;
import dev.ferry.target.crypto.TargetKeys;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32C;
import javax.crypto.AEADBadTagException;

/**
 * Parses and checks containers read through a {@link FileChannel}. Stateless; each call reads only
 * what it needs: {@link #readHeader} the trailer and header, {@link #readChunk} one chunk, {@link
 * #scan} the whole file.
 */
public final class ContainerReader {
  /** Receives each chunk's stored bytes during {@link #scan}. */
  @FunctionalInterface
  public interface ChunkVisitor {
    void visit(ContainerEntry entry, byte[] stored);
  }

  private ContainerReader() {}

  /**
   * Checks the trailer's length and end magic, the header CRC and every header field, and that the
   * header accounts for exactly the file's size. Does not read chunk data.
   *
   * @param name the container's path relative to the target, for messages
   */
  public static ContainerHeader readHeader(FileChannel ch, String name) throws IOException {
    return readHeader(ch, name, TargetKeys.NONE);
  }

  /**
   * As {@link #readHeader(FileChannel, String)} in a target with {@code keys}: an encrypted target
   * reads only version 3 and opens the sealed header body before parsing it; an unencrypted one
   * refuses version 3.
   */
  public static ContainerHeader readHeader(FileChannel ch, String name, TargetKeys keys)
      throws IOException {
    long size = ch.size();
    long minimum = ContainerFormat.PREAMBLE + ContainerFormat.HEADER_CRC + ContainerFormat.TRAILER;
    if (size < minimum) {
      throw new CorruptContainerException(
          name, "only " + size + " bytes, shorter than any container");
    }
    checkTrailerShape(ch, name, size);
    byte[] pre = readFully(ch, 0, ContainerFormat.PREAMBLE, name);
    FieldReader r = reader(pre, name);
    r.expect(ContainerFormat.MAGIC, "magic");
    int version = r.s32("version");
    if (!ContainerFormat.isReadableVersion(version)) {
      throw new UnsupportedFormatException(name, "container format version " + version);
    }
    boolean sealed = version == ContainerFormat.ENCRYPTED_VERSION;
    if (sealed != keys.encrypted()) {
      throw new CorruptContainerException(
          name,
          sealed
              ? "is encrypted (format version 3), in a target that is not"
              : "is not encrypted (format version " + version + "), in an encrypted target");
    }
    int headerLength = r.u31("header length");
    if (headerLength > ContainerFormat.MAX_HEADER || headerLength > size - minimum) {
      throw new CorruptContainerException(name, "header length " + headerLength + " out of range");
    }
    byte[] head = readFully(ch, 0, ContainerFormat.PREAMBLE + headerLength + 4, name);
    int stored = ByteBuffer.wrap(head, head.length - 4, 4).getInt();
    if (stored != Checksums.crc32c(head, 0, head.length - 4)) {
      throw new CorruptContainerException(name, "header CRC32C mismatch");
    }
    ContainerHeader header =
        sealed
            ? parseBody(
                openHeader(keys, head, headerLength, name), 0, -1, headerLength, name, version)
            : parseBody(head, ContainerFormat.PREAMBLE, headerLength, headerLength, name, version);
    if (header.fileLength() != size) {
      throw new CorruptContainerException(
          name, "header accounts for " + header.fileLength() + " bytes, file has " + size);
    }
    return header;
  }

  private static void checkTrailerShape(FileChannel ch, String name, long size) throws IOException {
    byte[] t = readFully(ch, size - ContainerFormat.TRAILER, ContainerFormat.TRAILER, name);
    FieldReader r = reader(t, name);
    long total = r.s64("trailer length");
    r.s32("trailer CRC32C");
    r.expect(ContainerFormat.END_MAGIC, "end magic (torn or truncated write)");
    if (total != size) {
      throw new CorruptContainerException(
          name, "trailer says " + total + " bytes, file has " + size);
    }
  }

  private static byte[] openHeader(TargetKeys keys, byte[] head, int headerLength, String name)
      throws CorruptContainerException {
    try {
      return keys.openHeader(head, ContainerFormat.PREAMBLE, headerLength);
    } catch (AEADBadTagException e) {
      throw new CorruptContainerException(
          name, "header does not decrypt (AES-GCM tag mismatch): damaged, or another target's");
    }
  }

  /**
   * Parses the header body in {@code buf[off, off+len)} ({@code len} -1: to the end): the file's
   * bytes, so messages give file offsets, or an opened sealed body. {@code headerLength} is the
   * body's length on disk, which places the data section.
   */
  private static ContainerHeader parseBody(
      byte[] buf, int off, int len, int headerLength, String name, int version) throws IOException {
    FieldReader r =
        new FieldReader(
            buf,
            off,
            len < 0 ? buf.length - off : len,
            detail -> new CorruptContainerException(name, detail));
    String id =
        new String(r.bytes(ContainerFormat.ID_LENGTH, "container id"), StandardCharsets.US_ASCII);
    if (!ContainerFormat.isValidId(id)) {
      throw r.fail("container id is not 32 lower-case hex digits");
    }
    int pathCount = r.count(2, "path count");
    List<String> paths = new ArrayList<>(pathCount);
    for (int i = 0; i < pathCount; i++) {
      String p = r.utf8("path");
      try {
        FileEntry.checkPath(p);
      } catch (InvalidEntryPathException e) {
        throw r.fail(e.getMessage());
      }
      paths.add(p);
    }
    int chunkCount = r.count(ContainerFormat.CHUNK_ENTRY, "chunk count");
    List<ContainerEntry> entries = new ArrayList<>(chunkCount);
    Set<ChunkHash> seen = new HashSet<>();
    long expectedOffset = 0;
    for (int i = 0; i < chunkCount; i++) {
      ContainerEntry e = readEntry(r, name, pathCount, version);
      if (e.offset() != expectedOffset) {
        throw r.fail("chunk " + i + " at offset " + e.offset() + ", expected " + expectedOffset);
      }
      if (!seen.add(e.hash())) {
        throw r.fail("chunk " + e.hash() + " is listed twice");
      }
      expectedOffset += e.storedLength();
      entries.add(e);
    }
    r.expectEnd("chunk table");
    return new ContainerHeader(id, paths, entries, headerLength);
  }

  private static ContainerEntry readEntry(FieldReader r, String name, int pathCount, int version)
      throws IOException {
    ChunkHash hash = ChunkHash.fromBytes(r.bytes(ChunkHash.LENGTH, "chunk hash"));
    long offset = r.u63("chunk offset");
    int storedLength = r.u31("stored length");
    int plainLength = r.u31("plain length");
    int flags = r.u8("flags");
    int pathIndex = r.u31("path index");
    if ((flags & ~ContainerFormat.knownFlags(version)) != 0) {
      throw new UnsupportedFormatException(
          name, "chunk " + hash + " has flags " + flags + ", unknown in version " + version);
    }
    boolean sealed = (flags & ContainerFormat.FLAG_ENCRYPTED) != 0;
    if (sealed != (version == ContainerFormat.ENCRYPTED_VERSION)) {
      throw r.fail("chunk " + hash + " is not sealed, in a version 3 container");
    }
    int encoded = storedLength;
    if (sealed) {
      encoded -= TargetKeys.sealedOverhead();
      if (encoded < 0) {
        throw r.fail("sealed chunk " + hash + " stored length " + storedLength + " is too short");
      }
    }
    if ((flags & ContainerFormat.FLAG_ZSTD) == 0 && encoded != plainLength) {
      throw r.fail("chunk " + hash + " stored and plain lengths differ without compression");
    }
    if ((flags & ContainerFormat.FLAG_ZSTD) != 0) {
      checkCompressedLengths(r, hash, encoded, plainLength);
    }
    if (pathIndex >= pathCount) {
      throw r.fail("chunk " + hash + " path index " + pathIndex + " >= path count " + pathCount);
    }
    return new ContainerEntry(hash, offset, storedLength, plainLength, flags, pathIndex);
  }

  /** A compressed row must save bytes and stay within what a reader agrees to allocate. */
  private static void checkCompressedLengths(
      FieldReader r, ChunkHash hash, int storedLength, int plainLength) throws IOException {
    if (plainLength > ContainerFormat.MAX_COMPRESSED_PLAIN) {
      throw r.fail(
          "compressed chunk "
              + hash
              + " plain length "
              + plainLength
              + " exceeds the cap of "
              + ContainerFormat.MAX_COMPRESSED_PLAIN);
    }
    if (storedLength >= plainLength) {
      throw r.fail(
          "compressed chunk "
              + hash
              + " stored length "
              + storedLength
              + " is not below its plain length "
              + plainLength);
    }
  }

  /** Reads one chunk's stored bytes; the caller decodes them and checks the hash. */
  public static byte[] readChunk(FileChannel ch, ContainerHeader h, ContainerEntry e, String name)
      throws IOException {
    return readFully(ch, h.dataStart() + e.offset(), e.storedLength(), name);
  }

  /**
   * Reads the whole file once: hands every chunk to {@code visitor} and checks the trailer CRC32C.
   *
   * @return true when the trailer CRC matches
   */
  public static boolean scan(FileChannel ch, ContainerHeader h, String name, ChunkVisitor visitor)
      throws IOException {
    CRC32C crc = new CRC32C();
    byte[] head = readFully(ch, 0, (int) h.dataStart(), name);
    crc.update(head, 0, head.length);
    for (ContainerEntry e : h.entries()) {
      byte[] stored = readChunk(ch, h, e, name);
      crc.update(stored, 0, stored.length);
      visitor.visit(e, stored);
    }
    long trailerAt = h.dataStart() + h.dataLength();
    byte[] t = readFully(ch, trailerAt + 8, 4, name);
    return ByteBuffer.wrap(t).getInt() == (int) crc.getValue();
  }

  /** Reads exactly {@code len} bytes at {@code pos}. */
  public static byte[] readFully(FileChannel ch, long pos, int len, String name)
      throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(len);
    while (buf.hasRemaining()) {
      int n = ch.read(buf, pos + buf.position());
      if (n < 0) {
        throw new EOFException(name + ": unexpected end of file at " + (pos + buf.position()));
      }
    }
    return buf.array();
  }

  private static FieldReader reader(byte[] b, String name) {
    return new FieldReader(b, 0, b.length, detail -> new CorruptContainerException(name, detail));
  }
}
