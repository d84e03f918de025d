package dev.ferry.monitor.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PathRangesTest {
  @Test
  void aFolderRangeHoldsItselfAndWhatIsBelowButNoSiblingSharingItsPrefix() {
    TreeMap<Path, Integer> m = new TreeMap<>();
    for (String p :
        new String[] {
          "/a/b", "/a/b/c", "/a/b/c/d", "/a/b-x", "/a/b.txt", "/a/b0", "/a/ba", "/a/a"
        }) {
      m.put(Path.of(p), 1);
    }
    assertThat(PathRanges.under(m, Path.of("/a/b")).keySet())
        .containsExactly(Path.of("/a/b"), Path.of("/a/b/c"), Path.of("/a/b/c/d"));
    assertThat(PathRanges.under(m, Path.of("/a/zz"))).isEmpty();
    assertThat(PathRanges.under(m, Path.of("/"))).hasSize(8);
  }
}
