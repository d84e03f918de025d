package dev.ferry.monitor.staging;

import dev.ferry.monitor.blockmap.BlockMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.openhft.hashing.LongHashFunction;

/**
 * Stages one save of one path while the file is mapped: pass it to {@link BlockMapper#map(Path,
 * BlockMapper.ChunkVisitor)}, then {@link #commit()} (or {@link #abort()}). Chunks already held by
 * the path's staged history (same XXH3-64 fingerprint and length) become pointers; the others are
 * copied, named by their SHA-256, into this version's pack.
 *
 * <p><b>Not thread-safe</b>: one thread calls {@code chunk} in file order, then {@code commit}.
 * Ownership: the writer owns its temp file until {@code commit} returns (then the store owns the
 * pack) or until {@code abort}/{@code close}, which delete it. Any exception from {@code chunk} or
 * {@code commit} aborts the writer. While it is open, no chunk of its path is removed from the
 * store, so a long-lived writer delays garbage collection of that path: always commit or close it.
 */
public final class StageWriter implements BlockMapper.ChunkVisitor, AutoCloseable {
  private static final LongHashFunction XXH3 = LongHashFunction.xx3();

  /** A chunk of the path's history: owner stage id (0 = this writer's own), row, length. */
  record Candidate(long owner, int row, int length) {}

  private enum Phase {
    OPEN,
    COMMITTED,
    ABORTED
  }

  private final StagingStore store;
  private final PathKey key;
  private final long savedAtNanos;
  private final Map<Long, Candidate> candidates;
  private final boolean mergeRanges;
  private final Path temp;
  private final FileChannel ch;
  private final MessageDigest sha = Collector.sha256();
  private final List<ChunkRow> rows = new ArrayList<>();
  private final List<PointerRange> ranges = new ArrayList<>();
  private final int keyBytes;
  private long nextOffset;
  private long copiedBytes;
  private long blocks;
  private Phase phase = Phase.OPEN;

  StageWriter(
      StagingStore store,
      PathKey key,
      long savedAtNanos,
      Map<Long, Candidate> history,
      boolean mergeRanges,
      Path temp)
      throws IOException {
    this.store = store;
    this.key = key;
    this.savedAtNanos = savedAtNanos;
    this.mergeRanges = mergeRanges;
    this.temp = temp;
    this.keyBytes = PathKey.utf8Length(key.root()) + PathKey.utf8Length(key.path());
    this.candidates = new HashMap<>(history);
    this.ch =
        FileChannel.open(
            temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
    Durable.writeFully(ch, ByteBuffer.allocate(PackCodec.PREAMBLE)); // the id comes at commit
  }

  /**
   * The next chunk of the file, in file order from offset 0; {@code buf} is read during the call
   * only.
   *
   * @throws IllegalArgumentException if the offset does not follow the previous chunk or the
   *     fingerprint is not the XXH3-64 of the bytes (the writer is then aborted)
   * @throws StagingQuotaExceededException if this version's own copies alone exceed the quota
   */
  @Override
  public void chunk(long offset, byte[] buf, int off, int len, long fingerprint)
      throws IOException {
    checkOpen();
    try {
      if (offset != nextOffset || len <= 0) {
        throw new IllegalArgumentException(
            "chunk at " + offset + " (" + len + " bytes), expected one at " + nextOffset);
      }
      if (XXH3.hashBytes(buf, off, len) != fingerprint) {
        throw new IllegalArgumentException(
            "fingerprint is not the XXH3-64 of the chunk at " + offset);
      }
      Candidate c = candidates.get(fingerprint);
      if (c == null || c.length() != len) {
        c = copy(buf, off, len, fingerprint, c == null);
      }
      point(c.owner(), c.row());
      if (++blocks > PackCodec.MAX_BLOCKS) {
        throw new IllegalArgumentException("more than " + PackCodec.MAX_BLOCKS + " chunks");
      }
      nextOffset += len;
    } catch (IOException | RuntimeException e) {
      abort();
      throw e;
    }
  }

  private Candidate copy(byte[] buf, int off, int len, long fingerprint, boolean remember)
      throws IOException {
    sha.update(buf, off, len);
    rows.add(new ChunkRow(sha.digest(), fingerprint, len, true));
    Durable.writeFully(ch, ByteBuffer.wrap(buf, off, len));
    copiedBytes += len;
    Candidate c = new Candidate(0, rows.size() - 1, len);
    if (remember) {
      candidates.put(fingerprint, c);
    }
    if (pendingSize() > store.quotaBytes()) {
      throw new StagingQuotaExceededException(
          "save of " + key,
          pendingSize(),
          store.quotaBytes(),
          "this version's changed chunks alone exceed the quota");
    }
    return c;
  }

  private void point(long owner, int row) {
    int last = ranges.size() - 1;
    if (mergeRanges && last >= 0) {
      PointerRange r = ranges.get(last);
      if (r.owner() == owner && r.first() + r.count() == row) {
        ranges.set(last, new PointerRange(owner, r.first(), r.count() + 1));
        return;
      }
    }
    ranges.add(new PointerRange(owner, row, 1));
  }

  /** The pack size if committed now. */
  long pendingSize() {
    return PackCodec.PREAMBLE
        + copiedBytes
        + 20L
        + keyBytes
        + (long) ChunkRow.BYTES * rows.size()
        + (long) PointerRange.BYTES * ranges.size()
        + PackCodec.TRAILER;
  }

  /**
   * Makes the staged version durable and returns its stage id (positive, never reused). Under the
   * quota, this may first evict older staged versions (see {@link StagingStore}).
   *
   * @throws StagingQuotaExceededException if the version cannot fit even after every eviction the
   *     order allows; nothing was evicted
   */
  public long commit() throws IOException {
    checkOpen();
    try {
      long id = store.commit(this);
      phase = Phase.COMMITTED;
      return id;
    } catch (IOException | RuntimeException e) {
      abort();
      throw e;
    }
  }

  /** Writes the preamble with {@code id}, the meta section and trailer; fsyncs; re-reads them. */
  PackLayout seal(long id) throws IOException {
    byte[] pre = PackCodec.preamble(PackLayout.KIND_VERSION, id);
    byte[] meta = PackCodec.meta(key, savedAtNanos, rows, ranges);
    long total = PackCodec.PREAMBLE + copiedBytes + meta.length + PackCodec.TRAILER;
    Durable.writeFully(ch, ByteBuffer.wrap(pre), 0);
    Durable.writeFully(ch, ByteBuffer.wrap(meta), PackCodec.PREAMBLE + copiedBytes);
    Durable.writeFully(
        ch, ByteBuffer.wrap(PackCodec.trailer(pre, meta, total)), total - PackCodec.TRAILER);
    ch.force(true);
    return PackFile.readLayout(ch, temp.getFileName().toString(), id, PackState.STAGE);
  }

  /** Ranges naming other packs: the references this commit adds. */
  List<PointerRange> externalRefs() {
    List<PointerRange> out = new ArrayList<>();
    for (PointerRange r : ranges) {
      if (r.owner() != 0) {
        out.add(r);
      }
    }
    return out;
  }

  PathKey key() {
    return key;
  }

  Path temp() {
    return temp;
  }

  void closeChannel() throws IOException {
    ch.close();
  }

  /** Discards the staged bytes; idempotent, and a no-op after a successful commit. */
  public void abort() {
    if (phase != Phase.OPEN) {
      return;
    }
    phase = Phase.ABORTED;
    try {
      ch.close();
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      // recovery deletes temp files on the next open
    } finally {
      store.writerDone(key);
    }
  }

  /** Same as {@link #abort()} unless committed: use try-with-resources around map + commit. */
  @Override
  public void close() {
    abort();
  }

  /** Bytes of chunk copies this version holds itself (the changed chunks). */
  public long copiedBytes() {
    return copiedBytes;
  }

  /** Chunks this version holds itself. */
  public int copiedChunks() {
    return rows.size();
  }

  /** Blocks so far (chunks of the file). */
  public long blocks() {
    return blocks;
  }

  /** Pointer table entries so far (ranges). */
  public int pointerEntries() {
    return ranges.size();
  }

  private void checkOpen() {
    if (phase != Phase.OPEN) {
      throw new IllegalStateException("stage writer for " + key + " is " + phase);
    }
  }
}
