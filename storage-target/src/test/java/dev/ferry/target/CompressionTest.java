package dev.ferry.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CompressionTest {
  @Test
  void textFormsParseAndPrintBack() {
    assertThat(Compression.parse("none")).isEqualTo(Compression.NONE);
    assertThat(Compression.parse(" ZSTD ")).isEqualTo(Compression.DEFAULT);
    assertThat(Compression.parse("zstd:3")).isEqualTo(Compression.DEFAULT);
    assertThat(Compression.parse("zstd:19").level()).isEqualTo(19);
    assertThat(Compression.parse("zstd:-1").level()).isEqualTo(-1);
    assertThat(Compression.DEFAULT).hasToString("zstd:3");
    assertThat(Compression.NONE).hasToString("none");
    assertThat(Compression.NONE.enabled()).isFalse();
    assertThat(Compression.parse(Compression.zstd(-7).toString())).isEqualTo(Compression.zstd(-7));
  }

  @Test
  void levelZeroOutOfRangeAndOtherTextAreRefusedNamingTheText() {
    for (String bad : new String[] {"zstd:0", "zstd:23", "zstd:-131073", "zstd:", "gzip", ""}) {
      assertThatThrownBy(() -> Compression.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(bad.isEmpty() ? "got ''" : "got '" + bad + "'");
    }
    assertThatThrownBy(() -> Compression.zstd(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
