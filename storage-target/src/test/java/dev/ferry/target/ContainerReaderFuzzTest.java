package dev.ferry.target;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ferry.target.container.ChunkDecoder;
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
 * UnsupportedFormatException}; never a runtime exception, an EOF or an OOM. Then every chunk of an
 * accepted header is decoded as readers do: its plain bytes, exactly plain length long, or a {@link
 * CorruptContainerException} naming the chunk (the frame rules of a compressed chunk). The
 * checksums and the trailer length are recomputed first so mutations get past them. Replays
 * src/test/resources/dev/ferry/target/ContainerReaderFuzzTestInputs on every build (seeds written
 * by {@code ContainerBuilder}); fuzz with {@code JAZZER_FUZZ=1}.
 */
class ContainerReaderFuzzTest {
  /**
   * Plain bytes decoded per input at most: a legitimate-looking header may list thousands of
   * compressed rows of up to 16 MiB each; decoding them all would only make runs slow, not find
   * more (each row is decoded alone, into its own buffer).
   */
  private static final long MAX_DECODED = 64L << 20;

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
      assertThat(e.storedLength()).isNotNegative();
      if (e.flags() == 0) {
        assertThat(e.storedLength()).isEqualTo(e.plainLength());
      } else {
        assertThat(e.flags()).isEqualTo(ContainerFormat.FLAG_ZSTD);
        assertThat(e.storedLength()).isLessThan(e.plainLength());
        assertThat(e.plainLength()).isLessThanOrEqualTo(ContainerFormat.MAX_COMPRESSED_PLAIN);
      }
      assertThat(e.pathIndex()).isBetween(0, h.paths().size() - 1);
      assertThat(seen.add(e.hash())).as("chunk %s listed twice", e.hash()).isTrue();
      offset += e.storedLength();
    }
    // Nothing the parser accepted was lost or normalised: the header re-encodes byte for byte.
    assertThat(encodeBody(h))
        .isEqualTo(Arrays.copyOfRange(data, ContainerFormat.PREAMBLE, 16 + h.headerLength()));
    // Every chunk is readable where the header says, and the (resealed) body CRC matches.
    int[] visited = {0};
    long[] decoded = {0};
    boolean crcOk;
    try (ChunkDecoder decoder = new ChunkDecoder()) {
      crcOk =
          ContainerReader.scan(
              ch,
              h,
              "data/fu/zz",
              (e, stored) -> {
                assertThat(stored).hasSize(e.storedLength());
                visited[0]++;
                decoded[0] += e.plainLength();
                if (decoded[0] <= MAX_DECODED) {
                  decodeOrRefuse(decoder, e, stored);
                }
              });
    }
    assertThat(crcOk).isTrue();
    assertThat(visited[0]).isEqualTo(h.entries().size());
  }

  /** A chunk decodes to exactly its plain length, or is refused naming it; nothing else. */
  private static void decodeOrRefuse(ChunkDecoder decoder, ContainerEntry e, byte[] stored) {
    try {
      byte[] plain = decoder.decode(e, stored, "data/fu/zz");
      assertThat(plain).hasSize(e.plainLength());
      if (e.flags() == 0) {
        assertThat(plain).isSameAs(stored);
      }
    } catch (CorruptContainerException refused) {
      assertThat(e.flags()).isEqualTo(ContainerFormat.FLAG_ZSTD);
      assertThat(refused)
          .hasMessageContaining("data/fu/zz")
          .hasMessageContaining("chunk " + e.hash());
    }
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
