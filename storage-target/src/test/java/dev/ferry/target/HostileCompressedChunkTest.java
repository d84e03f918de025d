package dev.ferry.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.target.container.ContainerFormat;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Version 2 rows that lie about a compressed chunk: each is refused with an error naming the
 * container and the chunk, before zstd is asked to produce more than the row's plain length (itself
 * capped at 16 MiB), and no byte is handed out. The containers are resealed, so only the chunk
 * rules of target-format.md can catch them.
 */
class HostileCompressedChunkTest {
  private static final int ZSTD = ContainerFormat.FLAG_ZSTD;
  private static final byte[] PLAIN = ZstdFrames.text(2000);
  private static final ChunkHash HASH = ChunkHash.of(PLAIN, 0, PLAIN.length);

  @Test
  void honestRowDecodesToThePlainBytes() throws Exception {
    byte[] frame = ZstdFrames.frame(PLAIN, true);
    byte[] c = ZstdFrames.container(HASH, frame, PLAIN.length, ZSTD, 2);
    assertThat(ZstdFrames.decodeOnlyChunk(c)).isEqualTo(PLAIN);
  }

  @Test
  void frameWithoutContentSizeIsRefused() {
    byte[] frame = ZstdFrames.frame(PLAIN, false);
    assertCorrupt(frame, PLAIN.length, "does not declare its content size");
  }

  @Test
  void frameDeclaringAnotherSizeThanThePlainLengthIsRefused() {
    byte[] frame = ZstdFrames.frame(PLAIN, true);
    assertCorrupt(frame, PLAIN.length + 1, "declares 2000 bytes, the row says 2001");
    assertCorrupt(frame, 1000, "declares 2000 bytes, the row says 1000");
  }

  @Test
  void frameThatWouldProduceMoreThanItDeclaresIsRefused() {
    // Header and row agree on 1000 bytes, but the blocks hold 2000: the buffer of 1000 fills up.
    byte[] frame = ZstdFrames.frameDeclaring(PLAIN, 1000);
    assertCorrupt(frame, 1000, "does not decode");
  }

  @Test
  void frameThatProducesFewerBytesThanItDeclaresIsRefused() {
    byte[] frame = ZstdFrames.frameDeclaring(PLAIN, 3000);
    assertCorrupt(frame, 3000, "zstd frame");
  }

  @Test
  void bombOfAFewKilobytesDeclaringAGigabyteIsRefusedWithoutDecompressing() {
    // 8,192 RLE blocks of 128 KiB: a 32 KiB frame that would produce 1 GiB.
    long gib = 1L << 30;
    byte[] bomb = ZstdFrames.rleFrame(gib, 8192, 128 << 10);
    assertThat(bomb.length).isLessThan(40_000);
    assertCorrupt(bomb, 4096 * 8 + 100_000, "declares 1073741824 bytes");
    assertCorrupt(ZstdFrames.rleFrame(-1, 8192, 128 << 10), 100_000, "does not declare");
  }

  @Test
  void bombDeclaringThePlainLengthButHoldingMoreIsCutAtThePlainLength() {
    // The header says 40,000 bytes, as the row does; the blocks would produce 1 GiB.
    byte[] bomb = ZstdFrames.rleFrame(40_000, 8192, 128 << 10);
    assertCorrupt(bomb, 40_000, "does not decode");
  }

  @Test
  void plainLengthOverTheCapIsRefusedAtTheHeader() {
    byte[] bomb = ZstdFrames.rleFrame(ContainerFormat.MAX_COMPRESSED_PLAIN + 1L, 129, 128 << 10);
    byte[] c = ZstdFrames.container(HASH, bomb, ContainerFormat.MAX_COMPRESSED_PLAIN + 1, ZSTD, 2);
    assertThatThrownBy(() -> ZstdFrames.decodeOnlyChunk(c))
        .isInstanceOf(CorruptContainerException.class)
        .hasMessageContaining("data/01/x")
        .hasMessageContaining(HASH.toString())
        .hasMessageContaining("exceeds the cap of 16777216");
  }

  @Test
  void compressedRowThatSavesNothingIsRefusedAtTheHeader() {
    byte[] c = ZstdFrames.container(HASH, PLAIN, PLAIN.length, ZSTD, 2);
    assertThatThrownBy(() -> ZstdFrames.decodeOnlyChunk(c))
        .isInstanceOf(CorruptContainerException.class)
        .hasMessageContaining("is not below its plain length");
  }

  @Test
  void garbageAfterTheFrameMagicIsRefused() {
    byte[] garbage = Fixtures.bytes(7, 300);
    System.arraycopy(new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd}, 0, garbage, 0, 4);
    garbage[4] = 0x60; // single segment, 2-byte content size (value - 256, little-endian)
    garbage[5] = (byte) (744 & 0xff);
    garbage[6] = (byte) (744 >>> 8);
    assertCorrupt(garbage, 1000, "zstd frame");
  }

  @Test
  void bytesWithoutTheFrameMagicAreRefused() {
    assertCorrupt(Fixtures.bytes(8, 300), 1000, "no frame magic");
    assertCorrupt(new byte[] {0x28, (byte) 0xb5}, 1000, "no frame magic");
  }

  @Test
  void skippableFrameIsRefused() {
    byte[] skippable = {0x50, 0x2a, 0x4d, 0x18, 4, 0, 0, 0, 1, 2, 3, 4};
    assertCorrupt(skippable, 1000, "no frame magic");
  }

  @Test
  void bytesAfterTheFrameAreRefused() {
    byte[] frame = ZstdFrames.frame(PLAIN, true);
    byte[] two = Arrays.copyOf(frame, frame.length * 2);
    System.arraycopy(frame, 0, two, frame.length, frame.length);
    assertCorrupt(two, PLAIN.length, "ends at byte " + frame.length);
  }

  @Test
  void truncatedFrameIsRefused() {
    byte[] frame = ZstdFrames.frame(PLAIN, true);
    assertCorrupt(Arrays.copyOf(frame, frame.length - 3), PLAIN.length, "truncated or malformed");
  }

  @Test
  void encryptionFlagAndUnknownFlagsAreRefusedAsUnsupported() {
    byte[] frame = ZstdFrames.frame(PLAIN, true);
    for (int flags : new int[] {0x02, 0x03, 0x04, 0x80, 0xff}) {
      byte[] c = ZstdFrames.container(HASH, frame, PLAIN.length, flags, 2);
      assertThatThrownBy(() -> ZstdFrames.decodeOnlyChunk(c))
          .as("flags %s", flags)
          .isInstanceOf(UnsupportedFormatException.class)
          .hasMessageContaining("flags " + flags + ", unknown in version 2");
    }
  }

  @Test
  void version1ContainerWithTheZstdFlagIsRefusedAsUnsupported() {
    byte[] frame = ZstdFrames.frame(PLAIN, true);
    byte[] c = ZstdFrames.container(HASH, frame, PLAIN.length, ZSTD, 1);
    assertThatThrownBy(() -> ZstdFrames.decodeOnlyChunk(c))
        .isInstanceOf(UnsupportedFormatException.class)
        .hasMessageContaining("unknown in version 1");
  }

  @Test
  void version1ContainerWithoutFlagsStillReads() throws Exception {
    byte[] c = ZstdFrames.container(HASH, PLAIN, PLAIN.length, 0, 1);
    assertThat(ZstdFrames.decodeOnlyChunk(c)).isEqualTo(PLAIN);
  }

  @Test
  void version4IsRefusedAsUnsupported() {
    byte[] c = ZstdFrames.container(HASH, PLAIN, PLAIN.length, 0, 4);
    assertThatThrownBy(() -> ZstdFrames.decodeOnlyChunk(c))
        .isInstanceOf(UnsupportedFormatException.class)
        .hasMessageContaining("container format version 4");
  }

  @Test
  void version3TheEncryptedOneIsRefusedByAnUnencryptedTarget() {
    byte[] c = ZstdFrames.container(HASH, PLAIN, PLAIN.length, 0, 3);
    assertThatThrownBy(() -> ZstdFrames.decodeOnlyChunk(c))
        .isInstanceOf(CorruptContainerException.class)
        .hasMessageContaining("is encrypted (format version 3), in a target that is not");
  }

  private static void assertCorrupt(byte[] stored, int plainLength, String detail) {
    byte[] c = ZstdFrames.container(HASH, stored, plainLength, ZSTD, 2);
    assertThatThrownBy(() -> ZstdFrames.decodeOnlyChunk(c))
        .isInstanceOf(CorruptContainerException.class)
        .hasMessageContaining("data/01/x")
        .hasMessageContaining("chunk " + HASH)
        .hasMessageContaining(detail);
  }
}
