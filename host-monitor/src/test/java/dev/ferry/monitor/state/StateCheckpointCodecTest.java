package dev.ferry.monitor.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class StateCheckpointCodecTest {
  @Test
  void roundTripsFilesLinksAndScanOnlyEntries() throws Exception {
    StateCheckpoint c = Checkpoints.sample();
    StateCheckpoint back = Checkpoints.decode(Checkpoints.encode(c));
    assertThat(back.coveredIndex()).isEqualTo(c.coveredIndex());
    assertThat(back.coveredCrc()).isEqualTo(c.coveredCrc());
    assertThat(back.createdAtNanos()).isEqualTo(c.createdAtNanos());
    assertThat(back.files().keySet()).isEqualTo(c.files().keySet());
    assertThat(back.files()).isEqualTo(c.files());
  }

  @Test
  void anEmptyCheckpointOfAnEmptyJournalRoundTrips() throws Exception {
    StateCheckpoint c = new StateCheckpoint(-1, 0, 7, Map.of());
    assertThat(Checkpoints.decode(Checkpoints.encode(c))).isEqualTo(c);
  }

  @Test
  void sharedPathPrefixesAreStoredOnce() {
    byte[] bytes = Checkpoints.encode(Checkpoints.sample());
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    assertThat(text.split("/home/anna/", -1)).hasSize(2); // the prefix appears once
  }

  @Test
  void headerAndTrailerReadInAHexDump() {
    byte[] bytes = Checkpoints.encode(Checkpoints.sample());
    assertThat(new String(bytes, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("FRSI");
    assertThat(new String(bytes, bytes.length - 12, 4, StandardCharsets.US_ASCII))
        .isEqualTo("FRSE");
  }

  @Test
  void everyTruncationIsRejected() {
    byte[] bytes = Checkpoints.encode(Checkpoints.sample());
    for (int len = 0; len < bytes.length; len++) {
      byte[] cut = Arrays.copyOf(bytes, len);
      assertThat(catchThrowableOfType(CorruptStateException.class, () -> Checkpoints.decode(cut)))
          .as("truncated to %d", len)
          .isNotNull();
    }
  }

  @Test
  void everyFlippedBitIsRejected() {
    byte[] bytes = Checkpoints.encode(Checkpoints.sample());
    for (int bit = 0; bit < bytes.length * 8; bit++) {
      byte[] bad = bytes.clone();
      bad[bit / 8] ^= (byte) (1 << (bit % 8));
      assertThat(catchThrowableOfType(CorruptStateException.class, () -> Checkpoints.decode(bad)))
          .as("bit %d", bit)
          .isNotNull();
    }
  }

  @Test
  void anEntryCountBeyondTheFileIsRejectedBeforeAnythingIsAllocated() {
    byte[] bytes = Checkpoints.encode(Checkpoints.sample());
    ByteBuffer.wrap(bytes).putInt(20, Integer.MAX_VALUE);
    CorruptStateException e =
        catchThrowableOfType(
            CorruptStateException.class, () -> Checkpoints.decode(resealed(bytes)));
    assertThat(e.field()).isEqualTo("entryCount");
  }

  @Test
  void unsortedOrRelativePathsAreRejectedEvenWithAValidCrc() {
    byte[] bytes = Checkpoints.encode(Checkpoints.sample());
    int first = StateCheckpointCodec.HEADER + 4; // the first path's bytes
    bytes[first] = 'x'; // no longer absolute
    CorruptStateException e =
        catchThrowableOfType(
            CorruptStateException.class, () -> Checkpoints.decode(resealed(bytes)));
    assertThat(e.field()).isEqualTo("entry[0].suffix");
  }

  @Test
  void anUnknownVersionIsRejectedByName() {
    byte[] bytes = Checkpoints.encode(Checkpoints.sample());
    bytes[4] = 2;
    CorruptStateException e =
        catchThrowableOfType(
            CorruptStateException.class, () -> Checkpoints.decode(resealed(bytes)));
    assertThat(e.field()).isEqualTo("version");
  }

  /** Recomputes the trailer CRC so that validation past it is exercised. */
  static byte[] resealed(byte[] bytes) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, bytes.length - 4);
    ByteBuffer.wrap(bytes).putInt(bytes.length - 4, (int) crc.getValue());
    return bytes;
  }
}
