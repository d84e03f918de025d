package dev.ferry.monitor.blockmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.openhft.hashing.LongHashFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockMapperTest {
  @TempDir Path dir;

  private final BlockMapper mapper = new BlockMapper(FastCdc.standard());

  @Test
  void emptyFileHasNoBlocks() throws Exception {
    Path f = Files.write(dir.resolve("empty"), new byte[0]);
    assertThat(mapper.map(f)).isEqualTo(BlockMap.EMPTY);
  }

  @Test
  void blocksCoverTheFileContiguouslyWithXxh3Fingerprints() throws Exception {
    byte[] data = FastCdcTest.random(7, 3_000_001);
    Path f = Files.write(dir.resolve("data"), data);
    BlockMap map = mapper.map(f);
    assertThat(map.size()).isEqualTo(data.length);
    assertThat(map.blocks()).hasSizeGreaterThan(10);
    for (Block b : map.blocks()) {
      assertThat(b.fingerprint())
          .isEqualTo(LongHashFunction.xx3().hashBytes(data, (int) b.offset(), b.length()));
    }
  }

  @Test
  void cutsMatchChunkingTheWholeArray() throws Exception {
    // The mapper reads in 1 MiB windows; chunk boundaries must not depend on them.
    byte[] data = FastCdcTest.random(8, 5_500_000);
    Path f = Files.write(dir.resolve("data"), data);
    List<Integer> expected = FastCdcTest.cuts(FastCdc.standard(), data);
    assertThat(mapper.map(f).blocks()).extracting(Block::length).isEqualTo(expected);
  }

  @Test
  void visitorSeesEveryChunkInOrder() throws Exception {
    byte[] data = FastCdcTest.random(9, 2_000_000);
    Path f = Files.write(dir.resolve("data"), data);
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    BlockMap map =
        mapper.map(
            f,
            (offset, buf, off, len, fp) -> {
              assertThat(offset).isEqualTo(seen.size());
              seen.write(buf, off, len);
            });
    assertThat(seen.toByteArray()).isEqualTo(data);
    assertThat(map.size()).isEqualTo(data.length);
  }

  @Test
  void sizesAroundBufferAndPieceBoundariesCutLikeTheReference() throws Exception {
    // 1 MiB buffer, 256 KiB max chunk and parallel threshold, 128 KiB pieces: both sides of each.
    int mib = 1 << 20;
    int[] sizes = {
      1,
      100,
      16 * 1024 - 1,
      16 * 1024 + 1,
      65_536,
      256 * 1024 - 1,
      256 * 1024,
      256 * 1024 + 1,
      384 * 1024 + 7,
      mib - 1,
      mib,
      mib + 1,
      mib + 256 * 1024 + 3,
      3 * mib + 17,
      9 * mib / 2
    };
    BlockMapper sequential = new BlockMapper(FastCdc.standard(), null);
    ReferenceCdc ref = ReferenceCdc.of(FastCdc.standard());
    for (int size : sizes) {
      byte[] data = FastCdcTest.random(size, size);
      Path f = Files.write(dir.resolve("s" + size), data);
      List<Block> expected = new ArrayList<>();
      long off = 0;
      for (int len : ref.cuts(data, size)) {
        expected.add(new Block(off, len, LongHashFunction.xx3().hashBytes(data, (int) off, len)));
        off += len;
      }
      assertThat(mapper.map(f).blocks()).as("%d bytes", size).isEqualTo(expected);
      assertThat(sequential.map(f).blocks()).as("%d bytes, one thread", size).isEqualTo(expected);
    }
  }

  @Test
  void denseCandidatesFallBackToTheChunkLoopWithTheSameCuts() throws Exception {
    // A two-byte pattern whose window hash passes the easier mask every other byte: more
    // candidates than the mapper holds, so it must fall back, not cut at a partial list.
    FastCdc cdc = FastCdc.standard();
    byte[] pattern = densePattern(cdc);
    byte[] data = FastCdcTest.random(21, 3 << 20);
    for (int i = 200_000; i < 2_700_000; i++) {
      data[i] = pattern[i & 1];
    }
    CutCandidates c = new CutCandidates((1 << 20) / 128);
    c.scan(cdc, data, 200_000, 1_300_000);
    assertThat(c.overflowed()).isTrue();
    Path f = Files.write(dir.resolve("dense"), data);
    List<Integer> expected = ReferenceCdc.of(cdc).cuts(data, data.length);
    assertThat(mapper.map(f).blocks()).extracting(Block::length).isEqualTo(expected);
    assertThat(new BlockMapper(cdc, null).map(f).blocks())
        .extracting(Block::length)
        .isEqualTo(expected);
  }

  /** Bytes {a, b} such that the window hash of abab…ab passes the easier mask. */
  private static byte[] densePattern(FastCdc cdc) {
    byte[] window = new byte[CutCandidates.WINDOW];
    for (int a = 0; a < 256; a++) {
      for (int b = 0; b < 256; b++) {
        for (int i = 0; i < window.length; i++) {
          window[i] = (byte) ((i & 1) == 0 ? a : b);
        }
        CutCandidates c = new CutCandidates(window.length);
        c.scan(cdc, window, window.length - 1, window.length);
        if (c.count() == 1) {
          return new byte[] {(byte) a, (byte) b};
        }
      }
    }
    throw new AssertionError("no two-byte pattern passes the mask");
  }

  @Test
  void missingFileIsNoSuchFile() {
    assertThatThrownBy(() -> mapper.map(dir.resolve("gone")))
        .isInstanceOf(NoSuchFileException.class);
  }
}
