package dev.ferry.monitor.staging;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Decoding arbitrary bytes as a state file either yields a state that re-encodes to the same bytes
 * or throws {@link CorruptStagingFileException}. Replays its corpus on every build; fuzz with
 * {@code JAZZER_FUZZ=1}. The CRC is recomputed so mutations get past it.
 */
class StateFileFuzzTest {
  @FuzzTest(maxDuration = "60s")
  void decodeAcceptsOnlyWhatItWouldWrite(byte[] b) {
    Reseal.state(b);
    StoreState s;
    try {
      s = StateFile.decode("fuzz", b);
    } catch (CorruptStagingFileException expected) {
      return;
    }
    assertThat(StateFile.encode(s)).isEqualTo(b);
    assertThat(s.idHighWater()).isNotNegative();
  }
}
