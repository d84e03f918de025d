package dev.ferry.monitor.staging;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Decoding arbitrary bytes as a pack either yields a layout that re-encodes to the same bytes and
 * keeps the format's invariants, or throws {@link CorruptStagingFileException}; nothing else. The
 * first input byte picks the state the file name would say; the id expected is the one in the
 * preamble. Replays src/test/resources/.../PackCodecFuzzTestInputs on every build; fuzz with {@code
 * JAZZER_FUZZ=1}. The trailer's length and CRC are recomputed so mutations get past them.
 */
class PackCodecFuzzTest {
  @FuzzTest(maxDuration = "60s")
  void decodeAcceptsOnlyWhatItWouldWrite(byte[] input) {
    if (input.length < 1) {
      return;
    }
    PackState state = PackState.values()[(input[0] & 0xff) % 3];
    byte[] b = Arrays.copyOfRange(input, 1, input.length);
    Reseal.pack(b);
    long id = b.length >= 24 ? ByteBuffer.wrap(b).getLong(16) : 1;
    PackLayout l;
    try {
      l = PackCodec.decodeWhole("fuzz", b, id, state);
    } catch (CorruptStagingFileException expected) {
      return;
    }
    byte[] meta = PackCodec.meta(l);
    int dataLength = b.length - PackCodec.PREAMBLE - PackCodec.TRAILER - meta.length;
    assertThat((long) dataLength).isEqualTo(l.presentBytes());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] pre = PackCodec.preamble(l.kind(), l.id());
    out.writeBytes(pre);
    out.write(b, PackCodec.PREAMBLE, dataLength);
    out.writeBytes(meta);
    out.writeBytes(PackCodec.trailer(pre, meta, b.length));
    assertThat(out.toByteArray()).isEqualTo(b);
    assertThat(l.fileSize()).isEqualTo(b.length);
    assertThat(l.blockCount()).isLessThanOrEqualTo(PackCodec.MAX_BLOCKS);
    if (state.isVersion()) {
      assertThat(l.kind()).isEqualTo(PackLayout.KIND_VERSION);
      assertThat(l.rows()).allMatch(ChunkRow::present);
    }
    for (PointerRange r : l.ranges()) {
      assertThat(r.owner()).isLessThan(l.id());
    }
  }
}
