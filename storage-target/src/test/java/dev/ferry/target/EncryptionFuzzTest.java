package dev.ferry.target;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ferry.target.container.ChunkDecoder;
import dev.ferry.target.container.ContainerEntry;
import dev.ferry.target.container.ContainerFormat;
import dev.ferry.target.container.ContainerHeader;
import dev.ferry.target.container.ContainerReader;
import dev.ferry.target.crypto.PassphraseCredential;
import dev.ferry.target.crypto.TargetKeys;
import dev.ferry.target.crypto.WrappedKey;
import dev.ferry.target.disk.TargetFile;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The parsers encryption added, over arbitrary bytes: the {@code ferry-target} file (versions 1 and
 * 2), the sealed-file envelope and version 3 (encrypted) containers. Each either accepts input that
 * obeys target-format.md or throws {@link CorruptDataException} / {@link
 * UnsupportedFormatException}; never a runtime exception, and unwrapping a hostile target file with
 * a credential yields "wrong key", nothing else. Checksums are recomputed first so mutations get
 * past them (the AES-GCM tags, by design, they do not). Replays
 * src/test/resources/dev/ferry/target/EncryptionFuzzTestInputs on every build (seeds written by
 * {@link TargetFile#encode}, {@link TargetKeys#sealFile} and {@code ContainerBuilder} under {@link
 * #KEYS}); fuzz with {@code JAZZER_FUZZ=1}.
 */
class EncryptionFuzzTest {
  /** The fixed master key the seeds were sealed with: bytes 0 to 31. */
  static final TargetKeys KEYS = TargetKeys.of(master());

  /** The passphrase the target file seeds were wrapped with, at the minimum iterations. */
  static final TargetCredential PASSPHRASE =
      TargetCredential.passphrase("fuzz".toCharArray(), PassphraseCredential.MIN_ITERATIONS);

  @FuzzTest(maxDuration = "60s")
  void targetFileDecodeAcceptsOnlyWellFormedFiles(byte[] data) throws IOException {
    if (data.length > FuzzSupport.MAX_INPUT) {
      return;
    }
    FuzzSupport.resealTargetFile(data);
    TargetFile f;
    try {
      f = TargetFile.decode(data, "ferry-target");
    } catch (CorruptDataException | UnsupportedFormatException expected) {
      assertThat(expected.getMessage()).isNotBlank();
      return;
    }
    assertThat(data.length)
        .isEqualTo(f.encrypted() ? TargetFile.ENCRYPTED_LENGTH : TargetFile.LENGTH);
    assertThat(f.encode()).isEqualTo(data);
    if (f.key().isPresent()) {
      WrappedKey k = f.key().get();
      assertThat(WrappedKey.checkParameters(k.source(), k.iterations())).isEmpty();
      // Stretching is what a hostile count costs; the fuzzer need not pay millions per input.
      if (k.iterations() <= 10 * PassphraseCredential.MIN_ITERATIONS) {
        k.unwrap(PASSPHRASE, f.targetId()).ifPresent(keys -> assertThat(keys.encrypted()).isTrue());
      }
    }
  }

  @FuzzTest(maxDuration = "60s")
  void sealedFileOpensOnlyIfSealedForThatName(byte[] data) throws IOException {
    if (data.length > FuzzSupport.MAX_INPUT) {
      return;
    }
    byte[] plain;
    try {
      plain = KEYS.openFile("index/1.idx", data, d -> new CorruptIndexException("index/1.idx", d));
    } catch (CorruptIndexException expected) {
      assertThat(expected.getMessage()).isNotBlank();
      return;
    }
    assertThat(data).hasSize(plain.length + TargetKeys.FILE_OVERHEAD);
    byte[] again = KEYS.sealFile("index/1.idx", plain);
    assertThat(KEYS.openFile("index/1.idx", again, d -> new CorruptIndexException("x", d)))
        .isEqualTo(plain);
  }

  @FuzzTest(maxDuration = "60s")
  void encryptedContainerReadAcceptsOnlySealedRows(byte[] data) throws IOException {
    if (data.length > FuzzSupport.MAX_INPUT) {
      return;
    }
    FuzzSupport.resealContainer(data);
    FuzzSupport.BytesChannel ch = new FuzzSupport.BytesChannel(data);
    ContainerHeader h;
    try {
      h = ContainerReader.readHeader(ch, "data/fu/zz", KEYS);
    } catch (CorruptDataException | UnsupportedFormatException expected) {
      assertThat(expected.getMessage()).isNotBlank();
      return;
    }
    assertThat(ByteBuffer.wrap(data).getInt(8)).isEqualTo(ContainerFormat.ENCRYPTED_VERSION);
    assertThat(h.fileLength()).isEqualTo(data.length);
    try (ChunkDecoder decoder = new ChunkDecoder(KEYS)) {
      for (ContainerEntry e : h.entries()) {
        assertThat(e.flags() & ContainerFormat.FLAG_ENCRYPTED).isNotZero();
        byte[] stored = ContainerReader.readChunk(ch, h, e, "data/fu/zz");
        try {
          assertThat(decoder.decode(h.containerId(), e, stored, "data/fu/zz"))
              .hasSize(e.plainLength());
        } catch (CorruptContainerException expected) {
          assertThat(expected.getMessage()).contains("chunk " + e.hash());
        }
      }
    }
  }

  private static byte[] master() {
    byte[] m = new byte[TargetKeys.MASTER_BYTES];
    for (int i = 0; i < m.length; i++) {
      m[i] = (byte) i;
    }
    return m;
  }
}
