package dev.ferry.target;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ferry.target.container.ContainerEntry;
import dev.ferry.target.container.ContainerFormat;
import dev.ferry.target.container.ContainerHeader;
import dev.ferry.target.container.ContainerReader;
import dev.ferry.target.container.FieldWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Container header and trailer parsing over arbitrary bytes: either a header that obeys every rule
 * of target-format.md (and re-encodes to the same bytes), or {@link CorruptDataException} / {@link
 * UnsupportedFormatException}; never a runtime exception, an EOF or an OOM. The checksums and the
 * trailer length are recomputed first so mutations get past them. Replays
 * src/test/resources/dev/ferry/target/ContainerReaderFuzzTestInputs on every build (seeds written
 * by {@code ContainerBuilder}); fuzz with {@code JAZZER_FUZZ=1}.
 */
class ContainerReaderFuzzTest {
  @FuzzTest(maxDuration = "60s")
  void readHeaderAcceptsOnlyWellFormedContainers(byte[] data) throws IOException {
    if (data.length > FuzzSupport.MAX_INPUT) {
      return;
    }
    FuzzSupport.resealContainer(data);
    FuzzSupport.BytesChannel ch = new FuzzSupport.BytesChannel(data);
    ContainerHeader h;
    try {
      h = ContainerReader.readHeader(ch, "data/fu/zz");
    } catch (CorruptDataException | UnsupportedFormatException expected) {
      assertThat(expected.getMessage()).isNotBlank();
      return;
    }
    assertThat(ContainerFormat.isValidId(h.containerId())).isTrue();
    assertThat(h.fileLength()).isEqualTo(data.length);
    h.paths().forEach(FuzzSupport::assertSafePath);
    long offset = 0;
    Set<ChunkHash> seen = new HashSet<>();
    for (ContainerEntry e : h.entries()) {
      assertThat(e.offset()).isEqualTo(offset);
      assertThat(e.flags()).isZero();
      assertThat(e.storedLength()).isEqualTo(e.plainLength()).isNotNegative();
      assertThat(e.pathIndex()).isBetween(0, h.paths().size() - 1);
      assertThat(seen.add(e.hash())).as("chunk %s listed twice", e.hash()).isTrue();
      offset += e.storedLength();
    }
    // Nothing the parser accepted was lost or normalised: the header re-encodes byte for byte.
    assertThat(encodeBody(h))
        .isEqualTo(Arrays.copyOfRange(data, ContainerFormat.PREAMBLE, 16 + h.headerLength()));
    // Every chunk is readable where the header says, and the (resealed) body CRC matches.
    int[] visited = {0};
    boolean crcOk =
        ContainerReader.scan(
            ch,
            h,
            "data/fu/zz",
            (e, stored) -> {
              assertThat(stored).hasSize(e.storedLength());
              visited[0]++;
            });
    assertThat(crcOk).isTrue();
    assertThat(visited[0]).isEqualTo(h.entries().size());
  }

  /** The header body as ContainerBuilder writes it, from a parsed header. */
  private static byte[] encodeBody(ContainerHeader h) {
    FieldWriter w = new FieldWriter(64);
    w.bytes(h.containerId().getBytes(StandardCharsets.US_ASCII)).s32(h.paths().size());
    h.paths().forEach(w::utf8);
    w.s32(h.entries().size());
    for (ContainerEntry e : h.entries()) {
      w.bytes(e.hash().toBytes())
          .s64(e.offset())
          .s32(e.storedLength())
          .s32(e.plainLength())
          .u8(e.flags())
          .s32(e.pathIndex());
    }
    return w.toByteArray();
  }
}
