package dev.ferry.monitor.journal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Decoding arbitrary bytes either yields a record that re-encodes to the same bytes or throws
 * {@link CorruptRecordException}; nothing else. Replays the corpus in
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
    assertThat(ChangeRecordCodec.encode(r)).isEqualTo(data);
  }
}
