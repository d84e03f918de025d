package dev.ferry.manager.rebuild;

import dev.ferry.manager.rebuild.ChunkCensus.Chunk;
import dev.ferry.target.ChunkLocation;
import dev.ferry.target.ChunkRef;
import dev.ferry.target.DiskTarget;
import dev.ferry.target.FileEntry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.openhft.hashing.LongHashFunction;

/**
 * Recomputes the fingerprint the agent gives a block (XXH3-64, seed 0, of its bytes) for every
 * chunk of a census, by reading it from the target. The drain compares a record's blocks with the
 * catalog's block map of the file by (length, fingerprint) to know which it need not read: with the
 * same fingerprints, a drain after a rebuild reads only what changed, as before the loss.
 *
 * <p>Chunks are read in container order, many per {@link DiskTarget#readFile} call, so the read is
 * sequential. Every chunk is verified against its SHA-256 on the way, as {@code verify --read-data}
 * would.
 */
final class ChunkFingerprints {
  private static final LongHashFunction XXH3 = LongHashFunction.xx3();

  /** Chunks handed to one readFile call: enough to amortise it, little memory. */
  private static final int BATCH_BYTES = 64 << 20;

  private ChunkFingerprints() {}

  /**
   * Sets the fingerprint of every chunk of {@code census}; returns the bytes read.
   *
   * @throws DamagedTargetException if a chunk is not indexed or cannot be read back intact
   */
  static long compute(DiskTarget target, ChunkCensus census) throws IOException {
    List<Located> all = new ArrayList<>(census.size());
    for (Chunk c : census.all()) {
      ChunkLocation loc =
          target
              .locate(c.hash)
              .orElseThrow(
                  () ->
                      new DamagedTargetException(
                          target.dir().toString(),
                          List.of("chunk " + c.hash + " is referenced but not in any index")));
      all.add(new Located(c, loc));
    }
    all.sort(
        Comparator.comparing((Located l) -> l.loc.containerId())
            .thenComparingLong(l -> l.loc.offset()));
    long read = 0;
    List<Chunk> batch = new ArrayList<>();
    long batchBytes = 0;
    for (Located l : all) {
      if (!batch.isEmpty() && batchBytes + l.chunk.length > BATCH_BYTES) {
        read += readBatch(target, batch, batchBytes);
        batch.clear();
        batchBytes = 0;
      }
      batch.add(l.chunk);
      batchBytes += l.chunk.length;
    }
    if (!batch.isEmpty()) {
      read += readBatch(target, batch, batchBytes);
    }
    return read;
  }

  private static long readBatch(DiskTarget target, List<Chunk> batch, long bytes)
      throws IOException {
    List<ChunkRef> refs = new ArrayList<>(batch.size());
    for (Chunk c : batch) {
      refs.add(new ChunkRef(c.hash, c.length));
    }
    // Not a file of any snapshot: a carrier that makes readFile hand out these chunks in order.
    FileEntry carrier = FileEntry.regularFile("rebuild/fingerprints", bytes, 0, 0, refs);
    Splitter out = new Splitter(batch);
    try {
      target.readFile(carrier, out);
    } catch (IOException e) {
      throw new DamagedTargetException(
          target.dir().toString(),
          List.of("a chunk cannot be read back intact: " + e.getMessage()));
    }
    out.finish();
    return bytes;
  }

  private record Located(Chunk chunk, ChunkLocation loc) {}

  /** Cuts the stream of a batch back into its chunks and fingerprints each. */
  private static final class Splitter extends OutputStream {
    private final List<Chunk> chunks;
    private int next;
    private byte[] buf = new byte[0];
    private int filled;

    Splitter(List<Chunk> chunks) {
      this.chunks = chunks;
      skipEmpty();
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      while (len > 0) {
        if (next >= chunks.size()) {
          throw new IllegalStateException("the target handed out more bytes than the chunks hold");
        }
        Chunk c = chunks.get(next);
        if (buf.length < c.length) {
          buf = new byte[c.length];
        }
        int n = Math.min(len, c.length - filled);
        System.arraycopy(b, off, buf, filled, n);
        filled += n;
        off += n;
        len -= n;
        if (filled == c.length) {
          c.fingerprint = XXH3.hashBytes(buf, 0, c.length);
          next++;
          filled = 0;
          skipEmpty();
        }
      }
    }

    private void skipEmpty() {
      while (next < chunks.size() && chunks.get(next).length == 0) {
        chunks.get(next++).fingerprint = XXH3.hashBytes(new byte[0]);
      }
    }

    void finish() {
      if (next != chunks.size()) {
        throw new IllegalStateException(
            "the target handed out " + next + " of " + chunks.size() + " chunks");
      }
    }
  }
}
