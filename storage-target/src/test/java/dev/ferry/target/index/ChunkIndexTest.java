package dev.ferry.target.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.target.ChunkHash;
import dev.ferry.target.ChunkLocation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChunkIndexTest {
  private static ChunkHash hash(Random rnd) {
    byte[] b = new byte[32];
    rnd.nextBytes(b);
    return ChunkHash.fromBytes(b);
  }

  private static String container(int n) {
    return String.format("%032x", n);
  }

  @Test
  void agreesWithAHashMapOverManyEntriesAndGrowths() {
    Random rnd = new Random(1);
    ChunkIndex index = new ChunkIndex();
    Map<ChunkHash, ChunkLocation> expected = new HashMap<>();
    List<ChunkHash> all = new ArrayList<>();
    for (int i = 0; i < 50_000; i++) {
      ChunkHash h = hash(rnd);
      ChunkLocation loc = new ChunkLocation(container(rnd.nextInt(40)), rnd.nextInt(1 << 24), i);
      index.add(h, loc);
      expected.putIfAbsent(h, loc);
      all.add(h);
      if (i % 7 == 0) { // a later duplicate never replaces the first entry
        index.add(all.get(rnd.nextInt(all.size())), new ChunkLocation(container(99), 1, 1));
      }
    }
    index.trim();
    assertThat(index.size()).isEqualTo(expected.size());
    for (ChunkHash h : all) {
      assertThat(index.get(h)).contains(expected.get(h));
    }
    assertThat(index.contains(hash(new Random(2)))).isFalse();
    assertThat(index.entries()).isEqualTo(expected);
  }

  @Test
  void aContainerNamedOnlyByADuplicateIsStillCovered() {
    ChunkIndex index = new ChunkIndex();
    ChunkHash h = hash(new Random(3));
    index.add(h, new ChunkLocation(container(1), 0, 10));
    index.add(h, new ChunkLocation(container(2), 0, 10));
    assertThat(index.coversContainer(container(2))).isTrue();
    assertThat(index.coversContainer(container(3))).isFalse();
    assertThat(index.get(h).orElseThrow().containerId()).isEqualTo(container(1));
  }

  @Test
  void aSourceFailingPartWayAddsNoEntryAndNoContainer() {
    Random rnd = new Random(5);
    ChunkIndex index = new ChunkIndex();
    ChunkHash kept = hash(rnd);
    index.add(kept, new ChunkLocation(container(1), 0, 1));
    List<ChunkHash> added = new ArrayList<>();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                index.addAllOrNone(
                    v -> {
                      for (int i = 0; i < 100; i++) { // enough to grow and rehash
                        ChunkHash h = hash(rnd);
                        added.add(h);
                        v.entry(h, new ChunkLocation(container(2 + i % 3), i, 1));
                      }
                      throw new java.io.IOException("damaged after 100 entries");
                    }))
        .hasMessageContaining("damaged");
    assertThat(index.size()).isEqualTo(1);
    assertThat(index.get(kept)).isPresent();
    assertThat(added).noneMatch(index::contains);
    assertThat(index.coversContainer(container(2))).isFalse();
    assertThat(index.coversContainer(container(1))).isTrue();
  }

  @Test
  void sortedVisitsFollowUnsignedHashOrder() {
    Random rnd = new Random(4);
    ChunkIndex index = new ChunkIndex();
    for (int i = 0; i < 2000; i++) {
      index.add(hash(rnd), new ChunkLocation(container(0), i, 1));
    }
    List<ChunkHash> seen = new ArrayList<>();
    index.forEachSorted((h, loc) -> seen.add(h));
    assertThat(seen).hasSize(2000).isSorted();
  }
}
