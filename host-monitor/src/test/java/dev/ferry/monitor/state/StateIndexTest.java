package dev.ferry.monitor.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateIndexTest {
  @TempDir Path dir;

  private static StateCheckpoint at(long index) {
    return new StateCheckpoint(
        index,
        (int) index,
        index,
        Map.of(Path.of("/r/f" + index), Checkpoints.regular(index, 10, true)));
  }

  @Test
  void loadsTheNewestGeneration() throws Exception {
    StateIndex index = StateIndex.open(dir);
    index.save(at(5));
    index.save(at(9));
    assertThat(StateIndex.open(dir).load())
        .hasValueSatisfying(c -> assertThat(c.coveredIndex()).isEqualTo(9));
  }

  @Test
  void keepsTwoGenerationsAndRetainsFromTheOlder() throws Exception {
    StateIndex index = StateIndex.open(dir);
    index.save(at(5));
    assertThat(index.retainFrom()).as("one generation: nothing may be trimmed").isEqualTo(-1);
    index.save(at(9));
    index.save(at(12));
    assertThat(generations()).hasSize(2);
    assertThat(index.retainFrom()).isEqualTo(9);
  }

  @Test
  void aDamagedNewestGenerationFallsBackToThePreviousOne() throws Exception {
    StateIndex index = StateIndex.open(dir);
    index.save(at(5));
    index.save(at(9));
    Path newest = generations().get(1);
    byte[] bytes = Files.readAllBytes(newest);
    bytes[bytes.length / 2] ^= 0x40;
    Files.write(newest, bytes);
    StateIndex reopened = StateIndex.open(dir);
    assertThat(reopened.load()).hasValueSatisfying(c -> assertThat(c.coveredIndex()).isEqualTo(5));
    assertThat(reopened.retainFrom()).as("only one valid: keep everything").isEqualTo(-1);
  }

  @Test
  void anUnfinishedTemporaryFileIsRemovedAndIgnored() throws Exception {
    StateIndex index = StateIndex.open(dir);
    index.save(at(5));
    Path tmp = dir.resolve("file-state-00000000000000ff.fsi.tmp");
    Files.write(tmp, new byte[] {1, 2, 3});
    StateIndex reopened = StateIndex.open(dir);
    assertThat(tmp).doesNotExist();
    assertThat(reopened.load()).hasValueSatisfying(c -> assertThat(c.coveredIndex()).isEqualTo(5));
  }

  @Test
  void noCheckpointLoadsNothing() throws Exception {
    assertThat(StateIndex.open(dir).load()).isEmpty();
  }

  private List<Path> generations() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".fsi")).sorted().toList();
    }
  }
}
