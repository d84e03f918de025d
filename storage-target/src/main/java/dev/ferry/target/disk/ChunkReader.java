package dev.ferry.target.disk;

import dev.ferry.target.ChunkCorruptException;
import dev.ferry.target.ChunkHash;
import dev.ferry.target.ChunkLocation;
import dev.ferry.target.ChunkNotFoundException;
import dev.ferry.target.ChunkRef;
import dev.ferry.target.CorruptDataException;
import dev.ferry.target.FileEntry;
import dev.ferry.target.UnsupportedFormatException;
import dev.ferry.target.container.ChunkDecoder;
import dev.ferry.target.container.ContainerEntry;
import dev.ferry.target.container.ContainerHeader;
import dev.ferry.target.container.ContainerReader;
import dev.ferry.target.crypto.TargetKeys;
import dev.ferry.target.index.ChunkIndex;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Reads chunks and verifies each before handing it out: the container's trailer shape and header
 * CRC, that the header lists the chunk where the index says, the frame rules of a compressed chunk
 * ({@link ChunkDecoder}), and the SHA-256 of the plain bytes. The body CRC is left to verify, since
 * the SHA-256 already covers every byte handed out. In an encrypted target it opens headers and
 * chunks with the target's keys, which writers of the target take from it ({@link #keys}).
 * Thread-safe: decoders are per call.
 */
public final class ChunkReader {
  /** A parsed header and its chunk table by hash. */
  private record Checked(ContainerHeader header, Map<ChunkHash, ContainerEntry> byHash) {}

  /** Small: restores read containers mostly in order, so recent headers are the useful ones. */
  private static final int CACHED_HEADERS = 64;

  private final TargetLayout layout;
  private final TargetKeys keys;
  private final Map<String, Checked> headers =
      Collections.synchronizedMap(
          new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Checked> eldest) {
              return size() > CACHED_HEADERS;
            }
          });

  public ChunkReader(TargetLayout layout, TargetKeys keys) {
    this.layout = layout;
    this.keys = keys;
  }

  /** The target's keys ({@link TargetKeys#NONE} if it is not encrypted). */
  public TargetKeys keys() {
    return keys;
  }

  /**
   * Streams a regular file's verified chunks to {@code out}; output may be partial if this throws.
   *
   * @throws IllegalArgumentException if {@code e} is not a regular file (a link has no content)
   */
  public long copyFile(ChunkIndex index, FileEntry e, OutputStream out) throws IOException {
    try (Cursor cursor = cursor()) {
      return cursor.copyFile(index, e, out);
    }
  }

  /** A cursor for one thread reading file after file; close it when done. */
  public Cursor cursor() {
    return new Cursor();
  }

  /**
   * One reading thread's state across files: a decoder (one native context, which costs about as
   * much to make as decoding a small file) and the container last read from, kept open while
   * consecutive chunks come from it, as most of a file's chunks and of a folder's files do. Not
   * thread-safe: one cursor per thread.
   */
  public final class Cursor implements AutoCloseable {
    private final ChunkDecoder decoder = new ChunkDecoder(keys);
    private final OpenContainer open = new OpenContainer();

    private Cursor() {}

    /** As {@link ChunkReader#copyFile}, reusing this cursor's decoder and open container. */
    public long copyFile(ChunkIndex index, FileEntry e, OutputStream out) throws IOException {
      if (!e.isRegularFile()) {
        throw new IllegalArgumentException(e.path() + " is a " + e.kind() + ", it has no content");
      }
      long written = 0;
      for (ChunkRef ref : e.chunks()) {
        ChunkLocation loc =
            index
                .get(ref.hash())
                .orElseThrow(() -> new ChunkNotFoundException(ref.hash(), e.path()));
        byte[] plain = read(ref.hash(), loc, decoder, open);
        if (plain.length != ref.length()) {
          throw new ChunkCorruptException(
              loc.containerId(),
              ref.hash(),
              "length " + plain.length + ", " + e.path() + " expects " + ref.length());
        }
        out.write(plain);
        written += plain.length;
      }
      return written;
    }

    @Override
    public void close() throws IOException {
      try (decoder) {
        open.close();
      }
    }
  }

  /** One chunk's verified plain bytes. */
  public byte[] read(ChunkHash hash, ChunkLocation loc) throws IOException {
    try (ChunkDecoder decoder = new ChunkDecoder(keys);
        OpenContainer open = new OpenContainer()) {
      return read(hash, loc, decoder, open);
    }
  }

  private byte[] read(ChunkHash hash, ChunkLocation loc, ChunkDecoder decoder, OpenContainer open)
      throws IOException {
    String id = loc.containerId();
    String name = layout.containerName(id);
    FileChannel ch = open.channel(id, hash);
    Checked checked = checked(ch, id, name, hash);
    ContainerEntry entry = listed(checked, hash, loc);
    byte[] stored = ContainerReader.readChunk(ch, checked.header(), entry, name);
    byte[] plain;
    try {
      plain = decoder.decode(id, entry, stored, name);
    } catch (CorruptDataException e) {
      throw new ChunkCorruptException(id, hash, e);
    }
    ChunkHash actual = ChunkHash.of(plain, 0, plain.length);
    if (!actual.equals(hash)) {
      throw new ChunkCorruptException(id, hash, "its plain bytes hash to " + actual);
    }
    return plain;
  }

  /** The container file last read from, kept open for the next chunk. Not thread-safe. */
  private final class OpenContainer implements AutoCloseable {
    private String id;
    private FileChannel ch;

    FileChannel channel(String wanted, ChunkHash hash) throws IOException {
      if (!wanted.equals(id)) {
        close();
        try {
          ch = FileChannel.open(layout.container(wanted), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
          throw new ChunkCorruptException(
              wanted, hash, "container file " + layout.containerName(wanted) + " is missing");
        }
        id = wanted;
      }
      return ch;
    }

    @Override
    public void close() throws IOException {
      FileChannel c = ch;
      ch = null;
      id = null;
      if (c != null) {
        c.close();
      }
    }
  }

  /**
   * The plain length the container header gives the chunk at {@code loc}, for a writer checking a
   * file entry against chunks an earlier snapshot stored; empty if the container cannot be read or
   * does not list the chunk there. Empty rather than an error: such damage is for readers and
   * verify to report, and it must not fail a writer that merely references the chunk.
   */
  public OptionalInt plainLength(ChunkHash hash, ChunkLocation loc) {
    String id = loc.containerId();
    // A writer asks this for every chunk of every file it puts, most of them in a few containers:
    // a header already parsed needs no open of its file (a drain putting a 1 GiB image opened one
    // ~16,000 times).
    Checked cached = headers.get(id);
    if (cached != null) {
      try {
        return OptionalInt.of(listed(cached, hash, loc).plainLength());
      } catch (ChunkCorruptException e) {
        return OptionalInt.empty();
      }
    }
    try (FileChannel ch = FileChannel.open(layout.container(id), StandardOpenOption.READ)) {
      Checked checked = checked(ch, id, layout.containerName(id), hash);
      return OptionalInt.of(listed(checked, hash, loc).plainLength());
    } catch (IOException e) {
      return OptionalInt.empty();
    }
  }

  /** The header's row for {@code hash}, checked to be at the indexed place. */
  private static ContainerEntry listed(Checked checked, ChunkHash hash, ChunkLocation loc)
      throws ChunkCorruptException {
    ContainerEntry entry = checked.byHash().get(hash);
    if (entry == null || entry.offset() != loc.offset() || entry.storedLength() != loc.length()) {
      throw new ChunkCorruptException(
          loc.containerId(), hash, "the container header does not list it at the indexed place");
    }
    return entry;
  }

  private Checked checked(FileChannel ch, String id, String name, ChunkHash hash)
      throws IOException {
    Checked c = headers.get(id);
    if (c != null) {
      return c;
    }
    ContainerHeader h;
    try {
      h = ContainerReader.readHeader(ch, name, keys);
    } catch (CorruptDataException | UnsupportedFormatException e) {
      throw new ChunkCorruptException(id, hash, e);
    }
    if (!h.containerId().equals(id)) {
      throw new ChunkCorruptException(id, hash, "its header names container " + h.containerId());
    }
    c = new Checked(h, h.byHash());
    headers.put(id, c);
    return c;
  }
}
