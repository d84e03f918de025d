package dev.ferry.target;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ferry.target.snapshot.SnapshotCodec;
import java.io.IOException;

/**
 * Snapshot root decoding over arbitrary bytes: either a snapshot whose every entry path is safe to
 * restore (no "..", "." or empty segment, not absolute, no NUL or backslash), whose entries are in
 * strictly increasing path order and which re-encodes to exactly the input, or {@link
 * CorruptDataException} / {@link UnsupportedFormatException}; never a runtime exception or an OOM.
 * Also runs the summary-only decoder that {@code snapshots()} uses. Both CRCs are recomputed first.
 * Replays src/test/resources/dev/ferry/target/SnapshotCodecFuzzTestInputs on every build (seeds
 * written by {@link SnapshotCodec#encode}); fuzz with {@code JAZZER_FUZZ=1}.
 */
class SnapshotCodecFuzzTest {
  @FuzzTest(maxDuration = "60s")
  void decodeAcceptsOnlySafeWellFormedRoots(byte[] data) throws IOException {
    if (data.length > FuzzSupport.MAX_INPUT) {
      return;
    }
    FuzzSupport.resealSnapshot(data);
    SnapshotInfo summary;
    try {
      summary = SnapshotCodec.decodeInfo(data, "snapshots/x.snap");
    } catch (CorruptDataException | UnsupportedFormatException expected) {
      summary = null;
    }
    Snapshot s;
    try {
      s = SnapshotCodec.decode(data, "snapshots/x.snap");
    } catch (CorruptDataException | UnsupportedFormatException expected) {
      assertThat(expected.getMessage()).isNotBlank();
      return;
    }
    assertThat(summary).isEqualTo(s.info());
    assertThat(s.entries()).hasSize(s.info().fileCount());
    long total = 0;
    String previous = null;
    for (FileEntry e : s.entries()) {
      FuzzSupport.assertSafePath(e.path());
      assertThat(e.mode() & ~07777).isZero();
      if (previous != null) {
        assertThat(PathOrder.compare(previous, e.path())).isNegative();
      }
      previous = e.path();
      total += e.size();
    }
    assertThat(total).isEqualTo(s.info().totalBytes());
    assertThat(SnapshotCodec.encode(s)).isEqualTo(data);
  }
}
