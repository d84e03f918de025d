package dev.ferry.monitor.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.monitor.blockmap.Block;
import dev.ferry.monitor.blockmap.BlockMap;
import dev.ferry.monitor.journal.FileType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

class KnownFilesTest {
  private static KnownFile recorded(long inode, int chunks) {
    List<Block> bs = new ArrayList<>();
    for (int i = 0; i < chunks; i++) {
      bs.add(new Block(i * 100L, 100, inode * 1000 + i));
    }
    FileState st = new FileState(FileType.REGULAR, 1, inode, chunks * 100L, 5, 0644, 6);
    return KnownFile.recorded(st, true, PackedBlocks.of(new BlockMap(bs)));
  }

  @Test
  void blockMapsBeyondTheBudgetAreDroppedOldestFirstButTheirDigestsStay() {
    KnownFiles k = new KnownFiles(new HashMap<>(), 25);
    for (int i = 1; i <= 5; i++) {
      k.put(Path.of("/r/f" + i), recorded(i, 10));
    }
    assertThat(k.heldChunks()).isLessThanOrEqualTo(25);
    assertThat(k.get(Path.of("/r/f1")).blocks()).isNull();
    assertThat(k.get(Path.of("/r/f1")).digest()).isEqualTo(recorded(1, 10).digest());
    assertThat(k.get(Path.of("/r/f5")).blocks()).isNotNull();
    assertThat(k.get(Path.of("/r/f4")).blocks()).isNotNull();
  }

  @Test
  void replacingAndRemovingEntriesKeepsTheAccountExact() {
    KnownFiles k = new KnownFiles(new HashMap<>(), 1000);
    Path p = Path.of("/r/a");
    k.put(p, recorded(1, 10));
    k.put(p, k.get(p).confirmedAs(k.get(p).state())); // same map, new entry
    k.put(p, recorded(2, 7));
    assertThat(k.heldChunks()).isEqualTo(7);
    k.remove(p);
    assertThat(k.heldChunks()).isZero();
    k.put(Path.of("/r/b"), recorded(3, 4));
    k.removeIf(x -> x.toString().startsWith("/r/"));
    assertThat(k.heldChunks()).isZero();
    assertThat(k.size()).isZero();
  }

  @Test
  void theDigestTellsBlockMapsApartAndIsNeverTheNoDigestValue() {
    assertThat(recorded(1, 3).digest()).isNotEqualTo(recorded(2, 3).digest());
    assertThat(recorded(1, 3).digest()).isEqualTo(recorded(1, 3).digest());
    assertThat(PackedBlocks.EMPTY.digest()).isNotEqualTo(KnownFile.NO_DIGEST);
  }
}
