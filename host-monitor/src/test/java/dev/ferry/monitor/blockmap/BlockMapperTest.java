package dev.ferry.monitor.blockmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
  void missingFileIsNoSuchFile() {
    assertThatThrownBy(() -> mapper.map(dir.resolve("gone")))
        .isInstanceOf(NoSuchFileException.class);
  }
}
