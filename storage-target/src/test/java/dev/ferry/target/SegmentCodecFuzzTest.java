package dev.ferry.target;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ferry.target.snapshot.SegmentCodec;
import dev.ferry.target.snapshot.SegmentRef;
import java.io.IOException;
import java.util.List;

/**
 * Segment file decoding over arbitrary bytes: either at least one entry, every path safe to restore
 * and strictly increasing, the bytes re-encoding to exactly the input and decoding again through
 * the reference a root would hold for them; or {@link CorruptDataException} / {@link
 * UnsupportedFormatException}, never a runtime exception or an OOM. The trailing CRC is recomputed
 * first. Replays src/test/resources/dev/ferry/target/SegmentCodecFuzzTestInputs on every build
 * (seeds written by {@link SegmentCodec#encode}); fuzz with {@code JAZZER_FUZZ=1}.
 */
class SegmentCodecFuzzTest {
  @FuzzTest(maxDuration = "60s")
  void decodeAcceptsOnlySafeWellFormedSegments(byte[] data) throws IOException {
    if (data.length > FuzzSupport.MAX_INPUT) {
      return;
    }
    FuzzSupport.resealSegment(data);
    List<FileEntry> entries;
    try {
      entries = SegmentCodec.decode(data, "segments/x.seg");
    } catch (CorruptDataException | UnsupportedFormatException expected) {
      assertThat(expected.getMessage()).isNotBlank();
      return;
    }
    assertThat(entries).isNotEmpty();
    String previous = null;
    long total = 0;
    for (FileEntry e : entries) {
      FuzzSupport.assertSafePath(e.path());
      if (previous != null) {
        assertThat(PathOrder.compare(previous, e.path())).isNegative();
      }
      previous = e.path();
      total += e.size();
    }
    assertThat(SegmentCodec.encode(entries)).isEqualTo(data);
    SegmentRef ref =
        new SegmentRef(
            ChunkHash.of(data, 0, data.length), entries.get(0).path(), entries.size(), total);
    assertThat(SegmentCodec.decode(data, ref, "segments/x.seg")).isEqualTo(entries);
  }
}
