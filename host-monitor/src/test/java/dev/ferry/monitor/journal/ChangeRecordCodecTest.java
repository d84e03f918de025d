package dev.ferry.monitor.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class ChangeRecordCodecTest {
  @Test
  void roundTripsEveryKindAndType() {
    for (ChangeRecord r :
        new ChangeRecord[] {
          Records.modified("a/ß/x.odt"),
          Records.renamed(),
          Records.deleted(),
          Records.symlink(),
          Records.staged()
        }) {
      byte[] bytes = ChangeRecordCodec.encode(r);
      assertThat(ChangeRecordCodec.decode(bytes, 0, bytes.length)).isEqualTo(r);
    }
  }

  @Test
  void version1RecordsWrittenByEarlierAgentsStillDecodeWithAnUnknownCtime() throws Exception {
    Map<String, ChangeRecord> expected =
        Map.of(
            "modified", Records.modified("a/ß/x.odt", ChangeRecord.UNKNOWN_CTIME),
            "renamed", Records.renamed(ChangeRecord.UNKNOWN_CTIME),
            "deleted", Records.deleted(ChangeRecord.UNKNOWN_CTIME));
    for (Map.Entry<String, ChangeRecord> e : expected.entrySet()) {
      byte[] v1 = corpus(e.getKey());
      assertThat(v1[4]).isEqualTo((byte) 1);
      ChangeRecord r = ChangeRecordCodec.decode(v1, 0, v1.length);
      assertThat(r).as(e.getKey()).isEqualTo(e.getValue());
      assertThat(r.hasCtime()).isFalse();
    }
  }

  @Test
  void aLinkRecordCarriesItsTargetAndNoBlocks() {
    ChangeRecord link = Records.symlink();
    byte[] bytes = ChangeRecordCodec.encode(link);
    ChangeRecord back = ChangeRecordCodec.decode(bytes, 0, bytes.length);
    assertThat(back.type()).isEqualTo(FileType.SYMLINK);
    assertThat(back.linkTarget()).isEqualTo("../releases/2026-12/ferry");
    assertThat(back.blocks().blocks()).isEmpty();
  }

  @Test
  void aLinkTypeWithoutATargetIsRejected() {
    byte[] bytes = ChangeRecordCodec.encode(Records.modified("x"));
    bytes[6] = (byte) FileType.SYMLINK.code();
    assertThatThrownBy(decodeCall(resealed(bytes))).hasMessageContaining("field ");
  }

  @Test
  void unknownFileTypeIsRejectedByName() {
    byte[] bytes = ChangeRecordCodec.encode(Records.modified("x"));
    bytes[6] = 7;
    assertThatThrownBy(decodeCall(resealed(bytes))).hasMessageContaining("field type");
  }

  @Test
  void aStageIdOnADeletedRecordIsRejected() {
    byte[] bytes = ChangeRecordCodec.encode(Records.deleted());
    ByteBuffer.wrap(bytes).putLong(72, 5);
    assertThatThrownBy(decodeCall(resealed(bytes))).hasMessageContaining("field stageId");
  }

  @Test
  void decodesAtAnOffsetAndEncodesIntoAReusedBuffer() {
    ChangeRecord r = Records.modified("x");
    byte[] buf = new byte[1000];
    Arrays.fill(buf, (byte) 0x5A);
    int n = ChangeRecordCodec.encodeInto(r, buf, 17);
    assertThat(n).isEqualTo(ChangeRecordCodec.encodedLength(r));
    assertThat(ChangeRecordCodec.decode(buf, 17, n)).isEqualTo(r);
  }

  @Test
  void headerIsReadableInAHexDump() {
    byte[] bytes = ChangeRecordCodec.encode(Records.modified("x"));
    assertThat(new String(bytes, 0, 4, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("FRCR");
    assertThat(bytes[4]).isEqualTo((byte) 2);
  }

  @Test
  void everyTruncationIsRejectedNamingAField() {
    byte[] bytes = ChangeRecordCodec.encode(Records.modified("dir/file.txt"));
    for (int len = 0; len < bytes.length; len++) {
      CorruptRecordException e =
          catchThrowableOfType(CorruptRecordException.class, decodeCall(Arrays.copyOf(bytes, len)));
      assertThat(e).as("truncated to %d", len).isNotNull();
      assertThat(e.field()).isIn("recordLength");
    }
  }

  @Test
  void everyFlippedBitIsRejected() {
    byte[] bytes = ChangeRecordCodec.encode(Records.renamed());
    for (int bit = 0; bit < bytes.length * 8; bit++) {
      byte[] bad = bytes.clone();
      bad[bit / 8] ^= (byte) (1 << (bit % 8));
      assertThat(catchThrowableOfType(CorruptRecordException.class, decodeCall(bad)))
          .as("bit %d", bit)
          .isNotNull();
    }
  }

  @Test
  void corruptedPayloadIsReportedAsCrcMismatch() {
    byte[] bytes = ChangeRecordCodec.encode(Records.modified("x"));
    bytes[30] ^= 1;
    assertThatThrownBy(decodeCall(bytes))
        .isInstanceOf(CorruptRecordException.class)
        .hasMessageContaining("field crc");
  }

  @Test
  void unknownVersionIsRejectedByName() {
    byte[] bytes = ChangeRecordCodec.encode(Records.modified("x"));
    bytes[4] = 3;
    assertThatThrownBy(decodeCall(bytes))
        .isInstanceOf(CorruptRecordException.class)
        .hasMessageContaining("field version");
  }

  @Test
  void blockCountLargerThanTheRecordIsRejectedEvenWithAValidCrc() {
    byte[] bytes = ChangeRecordCodec.encode(Records.modified("x"));
    int countPos = bytes.length - 4 - 2 * 12 - 4;
    ByteBuffer.wrap(bytes).putInt(countPos, 1_000_000);
    assertThatThrownBy(decodeCall(resealed(bytes)))
        .isInstanceOf(CorruptRecordException.class)
        .hasMessageContaining("field blockCount");
  }

  @Test
  void blockLengthsMustSumToTheSize() {
    byte[] bytes = ChangeRecordCodec.encode(Records.modified("x"));
    ByteBuffer.wrap(bytes).putLong(28, 99_999);
    assertThatThrownBy(decodeCall(resealed(bytes)))
        .hasMessageContaining("field blockCount")
        .hasMessageContaining("sum to 100000");
  }

  @Test
  void pathsThatEscapeTheRootAreRejected() {
    ChangeRecord r = Records.modified("a/../../etc/passwd");
    byte[] bytes = ChangeRecordCodec.encode(r);
    assertThatThrownBy(decodeCall(bytes)).hasMessageContaining("field path");
  }

  @Test
  void randomBytesWithAValidEnvelopeOnlyEverThrowCorruptRecord() {
    Random rnd = new Random(11);
    byte[] good = ChangeRecordCodec.encode(Records.modified("d/f"));
    for (int i = 0; i < 20_000; i++) {
      byte[] bad = good.clone();
      for (int k = 0; k < 1 + rnd.nextInt(4); k++) {
        bad[8 + rnd.nextInt(bad.length - 12)] = (byte) rnd.nextInt();
      }
      try {
        ChangeRecordCodec.decode(resealed(bad), 0, bad.length);
      } catch (CorruptRecordException expected) {
        assertThat(expected.field()).isNotBlank();
      }
    }
  }

  static byte[] corpus(String name) throws java.io.IOException {
    String dir = "ChangeRecordCodecFuzzTestInputs/decodeAcceptsOnlyWhatItWouldWrite/";
    try (var in = ChangeRecordCodecTest.class.getResourceAsStream(dir + name)) {
      assertThat(in).as(name).isNotNull();
      return in.readAllBytes();
    }
  }

  /** Recomputes the CRC so that validation past it is exercised. */
  static byte[] resealed(byte[] bytes) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, bytes.length - 4);
    ByteBuffer.wrap(bytes).putInt(bytes.length - 4, (int) crc.getValue());
    return bytes;
  }

  private static org.assertj.core.api.ThrowableAssert.ThrowingCallable decodeCall(byte[] b) {
    return () -> ChangeRecordCodec.decode(b, 0, b.length);
  }
}
