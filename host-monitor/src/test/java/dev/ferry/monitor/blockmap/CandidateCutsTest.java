package dev.ferry.monitor.blockmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The candidate path (scan a buffer for window-hash candidates, then pick cuts among them) must cut
 * exactly where the one-byte textbook loop cuts: cut points are part of the stored format.
 */
class CandidateCutsTest {
  /** Small sizes make every boundary case frequent; odd ones round the masks' average. */
  private static final FastCdc[] CONFIGS = {
    new FastCdc(64, 256, 1024), // exact region [64, 128) inside the harder mask's
    new FastCdc(64, 128, 192), // exact region ends at avg; max is often reached
    new FastCdc(64, 100, 400), // exact region crosses avg (mask switch inside it)
    new FastCdc(100, 333, 999), // avg not a power of two
    new FastCdc(256, 1024, 4096),
    FastCdc.standard(),
  };

  /** Cuts of {@code data[0, len)} by the candidate path, scanning the array in one go. */
  static List<Integer> candidateCuts(FastCdc cdc, byte[] data, int len) {
    CutCandidates c = new CutCandidates(len + 1);
    c.scan(cdc, data, 0, len);
    assertThat(c.overflowed()).isFalse();
    return pick(cdc, data, len, c);
  }

  /** Same, scanning in {@code n} pieces appended afterwards (as two threads would). */
  static List<Integer> pieceCuts(FastCdc cdc, byte[] data, int len, int n) {
    int[][] found = new int[n][len + 1];
    int[] count = new int[n];
    for (int i = n - 1; i >= 0; i--) { // the order of the scans must not matter
      count[i] =
          CutCandidates.scanPiece(cdc, data, len * i / n, len * (i + 1) / n, i == 0, found[i]);
    }
    CutCandidates c = new CutCandidates(len + 1);
    for (int i = 0; i < n; i++) {
      c.appendPiece(cdc, data, len * i / n, len * (i + 1) / n, i == 0, found[i], count[i]);
    }
    assertThat(c.overflowed()).isFalse();
    return pick(cdc, data, len, c);
  }

  private static List<Integer> pick(FastCdc cdc, byte[] data, int len, CutCandidates c) {
    List<Integer> lengths = new ArrayList<>();
    for (int off = 0; off < len; ) {
      int cut = cdc.nextCut(data, off, Math.min(len - off, cdc.max()), c);
      lengths.add(cut);
      off += cut;
    }
    return lengths;
  }

  @Test
  void randomInputsOfManySizesCutLikeTheReference() {
    Random rnd = new Random(20261201);
    for (FastCdc cdc : CONFIGS) {
      ReferenceCdc ref = ReferenceCdc.of(cdc);
      int rounds = cdc.max() > 100_000 ? 12 : 300;
      for (int round = 0; round < rounds; round++) {
        int len = rnd.nextInt(6 * cdc.max() + 2);
        byte[] data = FastCdcTest.random(rnd.nextLong(), len);
        List<Integer> expected = ref.cuts(data, len);
        assertThat(candidateCuts(cdc, data, len)).as("%s, %d bytes", cdc, len).isEqualTo(expected);
        assertThat(FastCdcTest.cuts(cdc, data)).isEqualTo(expected);
        assertThat(pieceCuts(cdc, data, len, 1 + rnd.nextInt(5))).isEqualTo(expected);
      }
    }
  }

  @Test
  void everyBoundaryCaseOccursAndCutsLikeTheReference() {
    // Lengths that sit on a boundary of the algorithm: each position of the exact region and the
    // first after it, the harder/easier mask switch at avg, and max. (min + 1 needs one gear
    // value to pass the harder mask alone: none does with these sizes.)
    for (FastCdc cdc : List.of(CONFIGS[0], CONFIGS[1], CONFIGS[2])) {
      ReferenceCdc ref = ReferenceCdc.of(cdc);
      TreeSet<Integer> wanted = new TreeSet<>();
      for (int i = 2; i <= CutCandidates.WINDOW + 1; i++) {
        wanted.add(cdc.min() + i);
      }
      wanted.add(cdc.avg());
      wanted.add(cdc.avg() + 1);
      if (cdc == CONFIGS[1]) {
        wanted.add(cdc.max()); // unreachable in practice with the others' long easy-mask region
      }
      Random rnd = new Random(cdc.min() * 31L + cdc.avg());
      for (int round = 0; round < 400 && !wanted.isEmpty(); round++) {
        byte[] data = FastCdcTest.random(rnd.nextLong(), 1 << 16);
        List<Integer> expected = ref.cuts(data, data.length);
        assertThat(candidateCuts(cdc, data, data.length)).isEqualTo(expected);
        wanted.removeAll(expected.subList(0, expected.size() - 1));
      }
      assertThat(wanted).as("boundary lengths never produced with %s", cdc).isEmpty();
    }
  }

  @Test
  void lowEntropyInputsCutLikeTheReference() {
    Random rnd = new Random(5);
    for (FastCdc cdc : CONFIGS) {
      ReferenceCdc ref = ReferenceCdc.of(cdc);
      for (int period : new int[] {1, 2, 3, 7, 64, 1000}) {
        byte[] data = new byte[3 * cdc.max() + 17];
        byte[] pattern = FastCdcTest.random(rnd.nextLong(), period);
        for (int i = 0; i < data.length; i++) {
          data[i] = pattern[i % period];
        }
        // A random stretch in the middle, so runs end and start inside chunks.
        int stretch = Math.min(999, cdc.max());
        System.arraycopy(FastCdcTest.random(rnd.nextLong(), stretch), 0, data, cdc.max(), stretch);
        CutCandidates c = new CutCandidates(data.length + 1);
        c.scan(cdc, data, 0, data.length);
        assertThat(pick(cdc, data, data.length, c)).isEqualTo(ref.cuts(data, data.length));
      }
    }
  }

  @Test
  void scanningInStepsFindsWhatOneScanFinds() {
    FastCdc cdc = CONFIGS[0];
    byte[] data = FastCdcTest.random(11, 100_000);
    CutCandidates whole = new CutCandidates(data.length);
    whole.scan(cdc, data, 0, data.length);
    CutCandidates steps = new CutCandidates(data.length);
    Random rnd = new Random(12);
    for (int from = 0; from < data.length; ) {
      int to = Math.min(data.length, from + rnd.nextInt(300));
      steps.scan(cdc, data, from, to);
      from = to;
    }
    assertThat(steps.count()).isEqualTo(whole.count()).isGreaterThan(100);
    for (int i = 0; i < whole.count(); i++) {
      assertThat(steps.get(i)).isEqualTo(whole.get(i));
    }
  }

  @Test
  void tooManyCandidatesIsReportedNotTruncated() {
    FastCdc cdc = CONFIGS[0];
    byte[] data = FastCdcTest.random(13, 100_000);
    CutCandidates all = new CutCandidates(data.length);
    all.scan(cdc, data, 0, data.length);
    CutCandidates small = new CutCandidates(all.count() - 1);
    small.scan(cdc, data, 0, data.length);
    assertThat(small.overflowed()).isTrue();
    CutCandidates exact = new CutCandidates(all.count());
    exact.scan(cdc, data, 0, data.length);
    assertThat(exact.overflowed()).isFalse();
    CutCandidates pieces = new CutCandidates(all.count() + 10);
    int[] tooSmall = new int[1];
    int n = CutCandidates.scanPiece(cdc, data, 0, data.length, true, tooSmall);
    assertThat(n).isEqualTo(-1);
    pieces.appendPiece(cdc, data, 0, data.length, true, tooSmall, n);
    assertThat(pieces.overflowed()).isTrue();
  }

  @Test
  void shiftKeepsTheCandidatesOfTheMovedBytes() {
    FastCdc cdc = CONFIGS[0];
    byte[] data = FastCdcTest.random(14, 50_000);
    CutCandidates c = new CutCandidates(data.length);
    c.scan(cdc, data, 0, data.length);
    int before = c.count();
    int firstKept = c.get(before / 2);
    c.shift(firstKept);
    assertThat(c.get(0)).isZero();
    assertThat(c.count()).isEqualTo(before - before / 2);
  }
}
