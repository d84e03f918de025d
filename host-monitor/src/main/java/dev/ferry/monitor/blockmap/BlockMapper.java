package dev.ferry.monitor.blockmap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a file once and cuts it into content-defined chunks with XXH3-64 fingerprints.
 *
 * <p>How: the file is read into a buffer a window at a time; each window is scanned once for cut
 * candidates ({@link CutCandidates}), cuts are picked among them ({@link FastCdc#nextCut(byte[],
 * int, int, CutCandidates)}, the same cuts as the chunk-by-chunk loop), then each chunk is hashed.
 * From a file's second window on, when at least {@link #PARALLEL_MIN} bytes are read at once and a
 * processor is idle, reading and scanning, then hashing, are split into pieces that the shared
 * {@link HelperThread} may take a share of, on another core; the caller never waits for it to wake
 * up. Results do not depend on who did which piece.
 *
 * <p><b>Not thread-safe</b>: an instance owns one reusable read buffer (4 × max chunk size, at
 * least 1 MiB). Use one mapper per thread.
 *
 * <p>The map describes the bytes actually read. If a writer changes the file meanwhile, the map may
 * mix versions: callers compare size and mtime before and after (the watcher does).
 */
public final class BlockMapper {
  /** Reads smaller than this are mapped on the caller's thread alone: a helper costs more. */
  static final int PARALLEL_MIN = 256 * 1024;

  /** Bytes per piece of parallel read-and-scan: small enough that the last one ends soon. */
  private static final int PIECE = 128 * 1024;

  private static final int MAX_PIECES = 64;

  /**
   * How long the caller waits for a unit the helper has in progress before doing it itself. Short:
   * a running helper finishes its last unit about when the caller finishes its own, and one that
   * was preempted holds it for a time slice. Measured on the shared 2-core machine under other
   * builds, waiting up to a whole unit (80 µs per scan piece, 40 µs per hash) made a 1 MiB map
   * 0.1–0.25 ms slower at the median than mapping on one thread; redoing the unit costs at most one
   * unit's work.
   */
  private static final long SCAN_PATIENCE_NANOS = 10_000;

  private static final long HASH_PATIENCE_NANOS = 5_000;

  private final FastCdc cdc;
  private final byte[] buf;
  private final CutCandidates candidates;
  private final HelperThread helper;

  /** True from a file's second buffer window on: see {@link #offerHelper}. */
  private boolean streaming;

  private final int[] cutStart;
  private final int[] cutLength;
  private final long[] fingerprint;
  private final int[][] pieceFound;

  /** Visitor of chunk bytes, called in file order. */
  public interface ChunkVisitor {
    /** {@code buf[off, off + len)} is valid only during the call. */
    void chunk(long offset, byte[] buf, int off, int len, long fingerprint) throws IOException;
  }

  public BlockMapper(FastCdc cdc) {
    this(cdc, HelperThread.get());
  }

  /**
   * @param helper null to map on the caller's thread only
   */
  BlockMapper(FastCdc cdc, HelperThread helper) {
    this.cdc = cdc;
    this.helper = helper;
    this.buf = new byte[Math.max(1 << 20, 4 * cdc.max())];
    // 128 times what random data needs; a file with more falls back to the chunk-by-chunk loop.
    this.candidates = new CutCandidates(buf.length / 128);
    int mostCuts = buf.length / cdc.min() + 1; // all but a file's last chunk are >= min
    this.cutStart = new int[mostCuts];
    this.cutLength = new int[mostCuts];
    this.fingerprint = new long[mostCuts];
    int pieces = Math.min(MAX_PIECES, Math.max(2, buf.length / PIECE));
    this.pieceFound = new int[pieces][];
    for (int i = 0; i < pieces; i++) {
      // 32 times what random data needs; more overflows the set, and the mapper falls back.
      this.pieceFound[i] = new int[Math.max(64, buf.length / pieces / 512)];
    }
  }

  public BlockMap map(Path file) throws IOException {
    return map(file, null);
  }

  /**
   * Same as {@link #map(Path)}, and hands each chunk's bytes to {@code visitor} (nullable) so a
   * caller can hash or store chunks without reading the file twice.
   */
  public BlockMap map(Path file, ChunkVisitor visitor) throws IOException {
    List<Block> blocks = new ArrayList<>();
    candidates.clear();
    streaming = false;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long expectedSize = ch.size(); // a hint for splitting reads: reading goes on to the real end
      long readPos = 0;
      long fileOffset = 0;
      int filled = 0; // buf[0, filled) holds file bytes from fileOffset on
      int scanned = 0; // candidates are known for buf[0, scanned)
      boolean eof = false;
      while (true) {
        int expected = (int) Math.min(buf.length - filled, Math.max(0, expectedSize - readPos));
        if (!eof && expected >= PARALLEL_MIN && offerHelper()) {
          int got = readAndScanInParallel(ch, readPos, filled, expected);
          readPos += got;
          filled += got;
          scanned = filled;
          eof = got < expected;
        }
        if (!eof) {
          ByteBuffer bb = ByteBuffer.wrap(buf, filled, buf.length - filled);
          eof = fill(ch, bb, readPos);
          readPos += bb.position() - filled;
          filled = bb.position();
        }
        if (filled == 0 && eof) {
          break;
        }
        // buf[0] starts a chunk, which never cuts before min: no candidates needed there.
        candidates.scan(cdc, buf, Math.max(scanned, Math.min(cdc.min(), filled)), filled);
        scanned = filled;
        int cuts = cut(filled, eof);
        hash(cuts);
        for (int k = 0; k < cuts; k++) {
          blocks.add(new Block(fileOffset, cutLength[k], fingerprint[k]));
          if (visitor != null) {
            visitor.chunk(fileOffset, buf, cutStart[k], cutLength[k], fingerprint[k]);
          }
          fileOffset += cutLength[k];
        }
        int consumed = cuts == 0 ? 0 : cutStart[cuts - 1] + cutLength[cuts - 1];
        System.arraycopy(buf, consumed, buf, 0, filled - consumed);
        candidates.shift(consumed);
        filled -= consumed;
        scanned -= consumed;
        streaming = true;
      }
    }
    return new BlockMap(blocks);
  }

  /**
   * Cuts {@code buf[0, filled)} while a whole max-size chunk is there (or up to the end, at end of
   * file) into {@code cutStart}/{@code cutLength}; returns the number of chunks.
   */
  private int cut(int filled, boolean eof) {
    boolean fast = !candidates.overflowed();
    int cuts = 0;
    int start = 0;
    int avail = filled;
    while (avail >= cdc.max() || (eof && avail > 0)) {
      int len = fast ? cdc.nextCut(buf, start, avail, candidates) : cdc.nextCut(buf, start, avail);
      cutStart[cuts] = start;
      cutLength[cuts] = len;
      cuts++;
      start += len;
      avail -= len;
    }
    return cuts;
  }

  /**
   * Whether to share the next job: there is a helper, this file has already filled the buffer once,
   * and a processor is idle. Why not for the first window: a save of up to 1 MiB is one window,
   * saves come one at a time, and waking a parked helper (a sleeping vCPU here) costs more than it
   * saves: measured on the 2-core build machine with the machine quiet, 1 MiB maps 5 ms apart took
   * 0.87–0.88 ms with the helper against 0.77–0.78 ms without. Back to back, as the windows of a
   * large file come, it pays (0.53–0.55 against 0.71–0.73 ms per MiB).
   */
  private boolean offerHelper() {
    return helper != null && streaming && IdleCpu.now();
  }

  /** Fills {@code fingerprint[0, cuts)}, sharing the work with the helper if there is much. */
  private void hash(int cuts) {
    int end = cuts == 0 ? 0 : cutStart[cuts - 1] + cutLength[cuts - 1];
    if (end < PARALLEL_MIN || cuts < 2 || !offerHelper()) {
      for (int k = 0; k < cuts; k++) {
        fingerprint[k] = HashJob.hash(buf, cutStart[k], cutLength[k]);
      }
      return;
    }
    HashJob job = new HashJob(buf, cutStart, cutLength, cuts, fingerprint);
    job.publish(cuts);
    helper.offer(job);
    job.finish(cuts, HASH_PATIENCE_NANOS);
    job.collect(cuts);
  }

  /**
   * Reads {@code expected} bytes at file position {@code pos} into {@code buf[from, ...)} piece by
   * piece while the helper scans the pieces already read, then scans what is left. Returns the
   * bytes read: fewer than {@code expected} if the file ended sooner (it shrank since it was
   * opened).
   */
  private int readAndScanInParallel(FileChannel ch, long pos, int from, int expected)
      throws IOException {
    int n = Math.min(MAX_PIECES, Math.max(2, expected / PIECE));
    int[] bounds = new int[n + 1];
    for (int i = 0; i <= n; i++) {
      bounds[i] = from + (int) ((long) expected * i / n);
    }
    ScanJob job = new ScanJob(cdc, buf, bounds, n, pieceFound);
    helper.offer(job);
    int whole = 0;
    int got = expected;
    while (whole < n) {
      ByteBuffer bb = ByteBuffer.wrap(buf, bounds[whole], bounds[whole + 1] - bounds[whole]);
      fill(ch, bb, pos + (bounds[whole] - from));
      if (bb.hasRemaining()) {
        got = bb.position() - from;
        break;
      }
      whole++;
      job.publish(whole);
    }
    job.finish(whole, SCAN_PATIENCE_NANOS);
    job.appendTo(candidates, whole);
    if (whole < n) { // the file ended inside this piece: scan what was read of it
      candidates.scan(cdc, buf, bounds[whole], from + got);
    }
    return got;
  }

  /**
   * Reads at file position {@code pos} on until {@code bb} is full or the file ends; true at end of
   * file. Positional, so that threads can read different parts of one channel at once.
   */
  private static boolean fill(FileChannel ch, ByteBuffer bb, long pos) throws IOException {
    int start = bb.position();
    while (bb.hasRemaining()) {
      if (ch.read(bb, pos + (bb.position() - start)) < 0) {
        return true;
      }
    }
    return false;
  }
}
