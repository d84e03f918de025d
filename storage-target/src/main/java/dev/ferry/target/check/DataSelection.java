package dev.ferry.target.check;

import dev.ferry.target.DataSubset;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** Picks the containers whose data a verify run reads. Stateless. */
final class DataSelection {
  private DataSelection() {}

  /**
   * The ids of {@code ids} that {@code subset} selects; {@code random} is used for {@link
   * DataSubset.Percent} only.
   */
  static Set<String> select(DataSubset subset, List<String> ids, Random random) {
    Set<String> out = new HashSet<>();
    if (subset instanceof DataSubset.All) {
      out.addAll(ids);
    } else if (subset instanceof DataSubset.Group g) {
      for (String id : ids) {
        if (g.contains(id)) {
          out.add(id);
        }
      }
    } else if (subset instanceof DataSubset.Percent p) {
      List<String> shuffled = new ArrayList<>(ids);
      Collections.shuffle(shuffled, random);
      out.addAll(shuffled.subList(0, count(p.percent(), ids.size())));
    }
    return out;
  }

  /** The share rounded up, so any non-zero percentage of a non-empty target reads something. */
  static int count(BigDecimal percent, int total) {
    return BigDecimal.valueOf(total)
        .multiply(percent)
        .divide(BigDecimal.valueOf(100), 0, RoundingMode.CEILING)
        .intValueExact();
  }
}
