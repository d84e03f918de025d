package dev.ferry.monitor.journal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Decoding arbitrary bytes either yields a record or throws {@link CorruptRecordException}; nothing
 * else. A version-2 record re-encodes to the same bytes; a version-1 record (read, never written)
 * re-encodes as version 2 to a record equal to it. Replays the corpus in
 * src/test/resources/.../ChangeRecordCodecFuzzTestInputs on every build; fuzz with {@code
 * JAZZER_FUZZ=1}. The fuzzer works on bytes after the CRC is recomputed, so it gets past it.
 */
class ChangeRecordCodecFuzzTest {
  @FuzzTest(maxDuration = "60s")
  void decodeAcceptsOnlyWhatItWouldWrite(byte[] data) {
    if (data.length >= 4) {
      ChangeRecordCodecTest.resealed(data);
    }
    ChangeRecord r;
    try {
      r = ChangeRecordCodec.decode(data, 0, data.length);
    } catch (CorruptRecordException expected) {
      return;
    }
    byte[] again = ChangeRecordCodec.encode(r);
    if (data[4] == ChangeRecordCodec.VERSION) {
      assertThat(again).isEqualTo(data);
    } else {
      assertThat(ChangeRecordCodec.decode(again, 0, again.length)).isEqualTo(r);
    }
  }
}
