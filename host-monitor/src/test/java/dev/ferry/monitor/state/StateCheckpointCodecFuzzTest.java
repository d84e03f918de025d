package dev.ferry.monitor.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Reading arbitrary bytes as a checkpoint either yields one that encodes back to the same bytes or
 * throws {@link CorruptStateException}; nothing else (no other exception, no allocation beyond what
 * the bytes justify). Replays its corpus in every build; fuzz with {@code JAZZER_FUZZ=1}. The
 * trailer CRC is recomputed first so the fuzzer gets past it.
 */
class StateCheckpointCodecFuzzTest {
  @FuzzTest(maxDuration = "60s")
  void readAcceptsOnlyWhatItWouldWrite(byte[] data) {
    if (data.length >= 4) {
      StateCheckpointCodecTest.resealed(data);
    }
    StateCheckpoint c;
    try {
      c = Checkpoints.decode(data);
    } catch (CorruptStateException expected) {
      assertThat(expected.field()).isNotBlank();
      return;
    }
    assertThat(Checkpoints.encode(c)).isEqualTo(data);
  }
}
