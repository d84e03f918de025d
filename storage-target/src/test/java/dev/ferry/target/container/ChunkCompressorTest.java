package dev.ferry.target.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.target.ChunkHash;
import dev.ferry.target.Compression;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The incompressible rule and the frames the writer makes, decoded by the reader's decoder. */
class ChunkCompressorTest {
  @Test
  void frameIsKeptOnlyWhenItSavesAtLeastOneThirtySecond() {
    assertThat(ChunkCompressor.worthStoring(63_488, 65_536)).isTrue(); // saves exactly 2 KiB
    assertThat(ChunkCompressor.worthStoring(63_489, 65_536)).isFalse();
    assertThat(ChunkCompressor.worthStoring(31, 32)).isTrue();
    assertThat(ChunkCompressor.worthStoring(32, 32)).isFalse();
    assertThat(ChunkCompressor.worthStoring(31, 33)).isTrue(); // ⌈33/32⌉ = 2
    assertThat(ChunkCompressor.worthStoring(32, 33)).isFalse();
    assertThat(ChunkCompressor.worthStoring(0, 1)).isTrue();
    assertThat(ChunkCompressor.worthStoring(1, 1)).isFalse();
  }

  @Test
  void randomAndEmptyChunksComeBackAsTheInputWithFlagsZero() {
    byte[] random = new byte[65_536];
    new Random(3).nextBytes(random);
    try (ChunkCompressor c = new ChunkCompressor(Compression.DEFAULT)) {
      ChunkCompressor.Encoded e = c.encode(random, 0, random.length);
      assertThat(e.flags()).isZero();
      assertThat(e.buf()).isSameAs(random);
      assertThat(e.length()).isEqualTo(random.length);
      assertThat(c.encode(random, 5, 0).flags()).isZero();
    }
  }

  @Test
  void noneNeverCompresses() {
    byte[] zeros = new byte[65_536];
    try (ChunkCompressor c = new ChunkCompressor(Compression.NONE)) {
      assertThat(c.encode(zeros, 0, zeros.length).flags()).isZero();
    }
  }

  @Test
  void oneContextEncodesChunkAfterChunkEachDecodingAlone() throws Exception {
    Random rnd = new Random(4);
    try (ChunkCompressor c = new ChunkCompressor(Compression.zstd(3));
        ChunkDecoder d = new ChunkDecoder()) {
      for (int i = 0; i < 50; i++) {
        byte[] plain = words(rnd, 1 + rnd.nextInt(200_000));
        int off = rnd.nextInt(10);
        byte[] padded = new byte[plain.length + off + 3];
        System.arraycopy(plain, 0, padded, off, plain.length);
        ChunkCompressor.Encoded e = c.encode(padded, off, plain.length);
        byte[] stored = Arrays.copyOfRange(e.buf(), e.off(), e.off() + e.length());
        ContainerEntry row =
            new ContainerEntry(
                ChunkHash.of(plain, 0, plain.length), 0, e.length(), plain.length, e.flags(), 0);
        assertThat(d.decode(row, stored, "data/01/x")).as("chunk %s", i).isEqualTo(plain);
        if (plain.length > 1000) {
          assertThat(e.flags()).isEqualTo(ContainerFormat.FLAG_ZSTD);
        }
      }
    }
  }

  @Test
  void higherLevelsCompressTextAtLeastAsWellAsFastOnes() {
    byte[] plain = words(new Random(5), 256 << 10);
    int fast;
    int best;
    try (ChunkCompressor c = new ChunkCompressor(Compression.zstd(-5))) {
      fast = c.encode(plain, 0, plain.length).length();
    }
    try (ChunkCompressor c = new ChunkCompressor(Compression.zstd(19))) {
      best = c.encode(plain, 0, plain.length).length();
    }
    assertThat(best).isLessThan(fast);
  }

  /** Text of random words: compressible, but not trivially. */
  private static byte[] words(Random rnd, int len) {
    String[] dict = {"ferry ", "chunk ", "container ", "zstd ", "backup ", "the ", "of ", "42 "};
    StringBuilder sb = new StringBuilder(len + 16);
    while (sb.length() < len) {
      sb.append(dict[rnd.nextInt(dict.length)]);
    }
    return Arrays.copyOf(sb.toString().getBytes(StandardCharsets.US_ASCII), len);
  }
}
