package dev.ferry.manager.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.target.Compression;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code ferry.target.compression} sits beside {@code ferry.target} and defaults to zstd:3. */
class FerryConfigTest {
  private static FerryConfig config(Map<String, String> values) {
    SmallRyeConfig c =
        new SmallRyeConfigBuilder()
            .withMapping(FerryConfig.class)
            // Quarkus's converter for "10h"-style durations; plain SmallRye has none.
            .withConverter(Duration.class, 200, Durations::parse)
            .withDefaultValues(values)
            .build();
    return c.getConfigMapping(FerryConfig.class);
  }

  @Test
  void targetCompressionDefaultsToZstdLevel3() {
    FerryConfig c = config(Map.of("ferry.data", "/d", "ferry.target", "/t"));
    assertThat(c.target()).isEqualTo("/t");
    assertThat(Compression.parse(c.targetCompression())).isEqualTo(Compression.DEFAULT);
  }

  @Test
  void targetCompressionIsReadFromItsKey() {
    FerryConfig c =
        config(
            Map.of("ferry.data", "/d", "ferry.target", "/t", "ferry.target.compression", "none"));
    assertThat(c.target()).isEqualTo("/t");
    assertThat(Compression.parse(c.targetCompression())).isEqualTo(Compression.NONE);
  }
}
