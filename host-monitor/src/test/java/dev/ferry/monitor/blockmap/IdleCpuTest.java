package dev.ferry.monitor.blockmap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdleCpuTest {
  @Test
  void readsTheRunnableCountOfALoadavgLine() {
    assertThat(IdleCpu.runnable("12.94 10.62 7.84 7/338 14009\n")).isEqualTo(7);
    assertThat(IdleCpu.runnable("0.00 0.01 0.05 1/120 99")).isEqualTo(1);
  }

  @Test
  void aLineWithoutTheCountIsUnknown() {
    assertThat(IdleCpu.runnable("")).isEqualTo(-1);
    assertThat(IdleCpu.runnable("0.1 0.2 0.3")).isEqualTo(-1);
    assertThat(IdleCpu.runnable("0.1 0.2 0.3 x/5 1")).isEqualTo(-1);
  }

  @Test
  void answersOnThisMachine() {
    IdleCpu.now(); // reads /proc/loadavg where there is one; never throws
  }
}
