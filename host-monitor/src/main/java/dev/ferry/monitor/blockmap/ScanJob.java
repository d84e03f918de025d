package dev.ferry.monitor.blockmap;

/**
 * Finding the candidates of a long stretch of the buffer, piece by piece, with the helper scanning
 * the pieces already read while the caller reads the next ones ({@link SharedWork}).
 *
 * <p>The caller's results go into arrays the mapper keeps; the helper's into arrays it allocates
 * for this job, since a late helper may still write into them after the job is over.
 *
 * <p>Thread-safety: as {@link SharedWork}; {@link #appendTo} on the caller, after {@code finish}.
 */
final class ScanJob extends SharedWork {
  private final FastCdc cdc;
  private final byte[] buf;
  private final int[] bounds;
  private final int[][] callerFound;
  private final int[] callerCount;
  private final int[][] helperFound;
  private final int[] helperCount;

  /**
   * @param bounds piece {@code i} is {@code buf[bounds[i], bounds[i + 1])}
   * @param callerFound one array per piece for the caller's results, reused across jobs
   */
  ScanJob(FastCdc cdc, byte[] buf, int[] bounds, int pieces, int[][] callerFound) {
    super(pieces);
    this.cdc = cdc;
    this.buf = buf;
    this.bounds = bounds;
    this.callerFound = callerFound;
    this.callerCount = new int[pieces];
    this.helperFound = new int[pieces][];
    this.helperCount = new int[pieces];
  }

  @Override
  void unit(int i, boolean byHelper) {
    int[] out;
    if (byHelper) {
      out = new int[callerFound[i].length];
      helperFound[i] = out;
    } else {
      out = callerFound[i];
    }
    int n = CutCandidates.scanPiece(cdc, buf, bounds[i], bounds[i + 1], i == 0, out);
    if (byHelper) {
      helperCount[i] = n;
    } else {
      callerCount[i] = n;
    }
  }

  /** After {@code finish(n, …)}: appends pieces {@code [0, n)} to {@code into}, in order. */
  void appendTo(CutCandidates into, int n) {
    for (int i = 0; i < n; i++) {
      boolean h = byHelper(i);
      into.appendPiece(
          cdc,
          buf,
          bounds[i],
          bounds[i + 1],
          i == 0,
          h ? helperFound[i] : callerFound[i],
          h ? helperCount[i] : callerCount[i]);
    }
  }
}
