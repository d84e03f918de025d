package dev.ferry.monitor.blockmap;

/**
 * Positions of a buffer where FastCDC's easier mask could cut, found without knowing where chunks
 * start, so that a whole buffer can be scanned in one tight loop (and in pieces, on several
 * threads).
 *
 * <p>Why that is possible: the gear hash is {@code h = (h << 1) + GEAR[b]}, so byte {@code j}
 * contributes to bit {@code k} of the hash at {@code p} only if {@code p - j <= k}, and carries
 * only move upwards. The masks use bits 45..62, so they see the last 63 bytes only: once a chunk's
 * hash (reset to 0 at its {@code min} offset) has taken in 63 bytes, its masked bits equal those of
 * the <em>window hash</em> {@code W(p)}, the hash over {@code buf[max(0, p - WINDOW + 1) .. p]},
 * whatever the chunk start. A position is a candidate if {@code (W(p) & maskL) == 0}; the harder
 * mask's one-bits include the easier mask's, so every position where FastCDC could cut beyond the
 * first {@link #WINDOW} bytes after {@code min} is a candidate. {@link FastCdc#nextCut(byte[], int,
 * int, CutCandidates)} picks among them and walks the first {@code WINDOW} bytes itself.
 *
 * <p>Capacity is bounded: random data has one candidate per {@code 2^14} bytes with the standard
 * sizes, but a repeated pattern can have one every few bytes. If more are found than fit, the set
 * is marked {@linkplain #overflowed() overflowed} and the caller must fall back to {@link
 * FastCdc#nextCut(byte[], int, int)}.
 *
 * <p><b>Not thread-safe</b>; {@link #scanPiece} is, for scanning pieces of a buffer on several
 * threads whose results are then {@linkplain #appendPiece appended} in order.
 */
final class CutCandidates {
  /** Bytes a window hash covers: more than the 63 that the mask bits can see. */
  static final int WINDOW = 64;

  private final int[] positions;
  private int count;
  private int cursor;
  private boolean overflowed;

  /**
   * @param capacity most candidates held at once, before {@link #overflowed()}
   */
  CutCandidates(int capacity) {
    this.positions = new int[capacity];
  }

  /** Forgets every candidate and the overflow. */
  void clear() {
    count = 0;
    cursor = 0;
    overflowed = false;
  }

  /** True if a scan found more candidates than fit: the set is incomplete, do not use it. */
  boolean overflowed() {
    return overflowed;
  }

  int count() {
    return count;
  }

  int get(int i) {
    return positions[i];
  }

  /**
   * Scans {@code buf[from, to)} on this thread and appends its candidates; {@code from} must be at
   * least the end of the previous scan (candidates stay sorted). The window of a position near
   * {@code from} takes in the bytes before it, from {@code max(0, from - WINDOW)}.
   */
  void scan(FastCdc cdc, byte[] buf, int from, int to) {
    if (overflowed) {
      return;
    }
    int n = GearScan.scan(cdc, buf, from, to, positions, count, positions.length);
    if (n < 0) {
      overflowed = true;
    } else {
      count = n;
    }
  }

  /**
   * The first candidate at or after {@code p} (moving a cursor that only goes forward: calls must
   * come with non-decreasing {@code p} until {@link #shift} or {@link #clear}), or {@link
   * Integer#MAX_VALUE} if none.
   */
  int firstAtOrAfter(int p) {
    while (cursor < count && positions[cursor] < p) {
      cursor++;
    }
    return cursor < count ? positions[cursor] : Integer.MAX_VALUE;
  }

  /** The candidate after the one {@link #firstAtOrAfter} returned last. */
  int next() {
    cursor++;
    return cursor < count ? positions[cursor] : Integer.MAX_VALUE;
  }

  /**
   * After the buffer's bytes from {@code by} on were moved to its start: drops the candidates
   * before {@code by} and moves the others down by {@code by}.
   */
  void shift(int by) {
    int keep = 0;
    for (int i = 0; i < count; i++) {
      if (positions[i] >= by) {
        positions[keep++] = positions[i] - by;
      }
    }
    count = keep;
    cursor = 0;
  }

  /**
   * Appends the candidates of {@code buf[from, to)} found by a scan of a piece on its own ({@link
   * #scanPiece}): {@code found[0, count)}, or {@code count < 0} if that scan overflowed. Pieces
   * must come in order, each starting where the last scan ended. The first {@link #WINDOW}
   * positions of a piece that is not {@code first} are scanned here, now that the bytes before it
   * are there.
   */
  void appendPiece(
      FastCdc cdc, byte[] buf, int from, int to, boolean first, int[] found, int count) {
    if (!first) {
      scan(cdc, buf, from, Math.min(to, from + WINDOW));
    }
    if (overflowed || count < 0 || count > positions.length - this.count) {
      overflowed = true;
      return;
    }
    System.arraycopy(found, 0, positions, this.count, count);
    this.count += count;
  }

  /**
   * Scans a piece {@code buf[from, to)} into {@code out} without looking at bytes before it, so
   * that another thread may still be reading those: positions from {@code from + WINDOW} on, or
   * from {@code from} for the {@code first} piece (whose previous bytes are already there). Any
   * thread. Returns the count, or -1 if {@code out} is too small.
   */
  static int scanPiece(FastCdc cdc, byte[] buf, int from, int to, boolean first, int[] out) {
    int start = first ? from : Math.min(to, from + WINDOW);
    return GearScan.scan(cdc, buf, start, to, out, 0, out.length);
  }
}
