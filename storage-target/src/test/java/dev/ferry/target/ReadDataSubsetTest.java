package dev.ferry.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.target.container.ContainerHeader;
import dev.ferry.target.container.ContainerReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadDataSubsetTest {
  @TempDir Path dir;

  /** Container id of each snapshot's one container, and the file it holds. */
  private final List<String> containers = new ArrayList<>();

  private final List<FileEntry> files = new ArrayList<>();

  @BeforeEach
  void tenSnapshotsOfOneContainerEach() throws IOException {
    try (DiskTarget t = DiskTarget.openOrCreate(dir)) {
      for (int i = 1; i <= 10; i++) {
        try (SnapshotWriter w =
            t.newSnapshot(i, "h", i == 1 ? OptionalLong.empty() : OptionalLong.of(i - 1))) {
          files.add(Fixtures.put(w, "f" + i, Fixtures.bytes(i, 500)));
          w.commit();
        }
        containers.add(
            t.locate(files.get(i - 1).chunks().get(0).hash()).orElseThrow().containerId());
      }
    }
  }

  @Test
  void parseAcceptsPercentagesAndGroupsAndNamesAnythingElse() {
    assertThat(DataSubset.parse("5%")).isEqualTo(new DataSubset.Percent(new BigDecimal("5")));
    assertThat(DataSubset.parse("2.5%").describe())
        .isEqualTo("2.5% of the containers chosen at random");
    assertThat(DataSubset.parse("2/7")).isEqualTo(new DataSubset.Group(2, 7));
    for (String bad : List.of("5", "0%", "101%", "-1%", "x%", "0/3", "4/3", "1/0", "a/b", "/3")) {
      assertThatThrownBy(() -> DataSubset.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("read-data subset");
    }
  }

  @Test
  void groupsPartitionTheContainersByIdSoOneToMReadsEachExactlyOnce() throws IOException {
    Set<String> seen = new HashSet<>();
    int read = 0;
    try (DiskTarget t = DiskTarget.open(dir)) {
      for (int n = 1; n <= 3; n++) {
        DataSubset.Group g = new DataSubset.Group(n, 3);
        VerifyReport r = t.verify(g);
        assertThat(r.ok()).isTrue();
        assertThat(r.containersChecked()).as("structure check covers all").isEqualTo(10);
        long inGroup = containers.stream().filter(g::contains).count();
        assertThat(r.containersRead()).isEqualTo((int) inGroup);
        read += r.containersRead();
        containers.stream().filter(g::contains).forEach(id -> assertThat(seen.add(id)).isTrue());
      }
    }
    assertThat(read).isEqualTo(10);
    assertThat(seen).containsExactlyInAnyOrderElementsOf(containers);
  }

  @Test
  void groupMembershipIsTheIdsFirstEightHexDigitsModuloM() {
    DataSubset.Group g = new DataSubset.Group(3, 5);
    assertThat(g.contains("0000000c" + "f".repeat(24))).isTrue(); // 12 mod 5 = 2
    assertThat(g.contains("ffffffff" + "0".repeat(24))).isFalse(); // 4294967295 mod 5 = 0
    assertThat(new DataSubset.Group(1, 5).contains("ffffffff" + "0".repeat(24))).isTrue();
  }

  @Test
  void percentageReadsItsShareRoundedUpAndAtLeastOne() throws IOException {
    try (DiskTarget t = DiskTarget.open(dir)) {
      assertThat(t.verify(DataSubset.parse("5%")).containersRead()).isEqualTo(1);
      assertThat(t.verify(DataSubset.parse("25%")).containersRead()).isEqualTo(3);
      assertThat(t.verify(DataSubset.parse("100%")).containersRead()).isEqualTo(10);
      assertThat(t.verify(false).containersRead()).isZero();
      assertThat(t.verify(true).containersRead()).isEqualTo(10);
    }
  }

  @Test
  void damagedDataIsFoundOnlyInAReadGroupWhileStructureDamageIsFoundAlways() throws IOException {
    String id = containers.get(0);
    flipInData(id, files.get(0).chunks().get(0));
    int group = 1 + (int) (Long.parseLong(id.substring(0, 8), 16) % 2);
    try (DiskTarget t = DiskTarget.open(dir)) {
      VerifyReport other = t.verify(new DataSubset.Group(3 - group, 2));
      assertThat(other.ok()).isTrue();
      VerifyReport mine = t.verify(new DataSubset.Group(group, 2));
      assertThat(mine.damages())
          .singleElement()
          .satisfies(
              d ->
                  assertThat(d.affected())
                      .as("every later snapshot keeps f1")
                      .hasSize(10)
                      .first()
                      .isEqualTo(new AffectedEntry(1, "f1")));
    }
    CorruptionTest.flipAt(containerPath(containers.get(1)), 3); // the magic
    try (DiskTarget t = DiskTarget.open(dir)) {
      int other = 1 + (int) (Long.parseLong(containers.get(1).substring(0, 8), 16) % 2);
      VerifyReport r = t.verify(new DataSubset.Group(3 - other, 2));
      assertThat(r.damages()).extracting(Damage::what).contains("container " + containers.get(1));
    }
  }

  private Path containerPath(String id) {
    return dir.resolve("data").resolve(id.substring(0, 2)).resolve(id);
  }

  private void flipInData(String id, ChunkRef ref) throws IOException {
    Path p = containerPath(id);
    ContainerHeader h;
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
      h = ContainerReader.readHeader(ch, "x");
    }
    long offset = h.byHash().get(ref.hash()).offset();
    CorruptionTest.flipAt(p, h.dataStart() + offset + 1);
  }
}
