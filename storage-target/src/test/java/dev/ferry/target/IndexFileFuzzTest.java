package dev.ferry.target;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ferry.target.container.ContainerFormat;
import dev.ferry.target.index.IndexFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Index file decoding over arbitrary bytes: either an index that obeys target-format.md (entries
 * strictly sorted by hash, so unique; valid container ids) and survives a re-encode unchanged, or
 * {@link CorruptDataException} / {@link UnsupportedFormatException}; nothing else. The trailing
 * CRC32C is recomputed first. Replays src/test/resources/dev/ferry/target/IndexFileFuzzTestInputs
 * on every build (seeds written by {@link IndexFile#encode}); fuzz with {@code JAZZER_FUZZ=1}.
 */
class IndexFileFuzzTest {
  private static final int ENTRY = 48;

  @FuzzTest(maxDuration = "60s")
  void decodeAcceptsOnlyWellFormedIndexFiles(byte[] data) throws IOException {
    if (data.length > FuzzSupport.MAX_INPUT) {
      return;
    }
    FuzzSupport.resealIndex(data);
    IndexFile f;
    try {
      f = IndexFile.decode(data, "index/1.idx");
    } catch (CorruptDataException | UnsupportedFormatException expected) {
      assertThat(expected.getMessage()).isNotBlank();
      return;
    }
    assertThat(f.snapshotId()).isNotNegative();
    f.entries()
        .values()
        .forEach(
            loc -> {
              assertThat(ContainerFormat.isValidId(loc.containerId())).isTrue();
              assertThat(loc.offset()).isNotNegative();
              assertThat(loc.length()).isNotNegative();
            });
    // Entries on disk are in strictly increasing hash order (the spec's rule, read from the bytes).
    ByteBuffer bb = ByteBuffer.wrap(data);
    int containers = bb.getInt(20);
    int countAt = 24 + containers * ContainerFormat.ID_LENGTH;
    int count = bb.getInt(countAt);
    assertThat(count).isEqualTo(f.entries().size());
    for (int i = 1; i < count; i++) {
      int prev = countAt + 4 + (i - 1) * ENTRY;
      int cur = prev + ENTRY;
      assertThat(Arrays.compareUnsigned(data, prev, prev + 32, data, cur, cur + 32))
          .as("entry %d not after entry %d", i, i - 1)
          .isNegative();
    }
    assertThat(IndexFile.decode(f.encode(), "index/1.idx")).isEqualTo(f);
  }
}
