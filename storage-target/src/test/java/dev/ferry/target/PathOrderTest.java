package dev.ferry.target;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PathOrderTest {
  /** The order the spec states, decoded the slow way. */
  private static int byCodePoints(String a, String b) {
    int[] x = a.codePoints().toArray();
    int[] y = b.codePoints().toArray();
    for (int k = 0; k < Math.min(x.length, y.length); k++) {
      if (x[k] != y[k]) {
        return Integer.compare(x[k], y[k]);
      }
    }
    return Integer.compare(x.length, y.length);
  }

  @Test
  void supplementaryCharactersSortAfterTheEndOfTheBasicPlane() {
    String emoji = "a/\uD83D\uDE00"; // U+1F600
    String privateUse = "a/\uE000";
    String lastBmp = "a/\uFFFD";
    assertEquals(1, Integer.signum(PathOrder.compare(emoji, privateUse)));
    assertEquals(1, Integer.signum(PathOrder.compare(emoji, lastBmp)));
    assertEquals(-1, Integer.signum(PathOrder.compare(privateUse, emoji)));
    // String.compareTo disagrees here: that is why PathOrder exists.
    assertEquals(-1, Integer.signum(emoji.compareTo(privateUse)));
  }

  @Test
  void aPrefixSortsFirst() {
    assertEquals(-1, Integer.signum(PathOrder.compare("docs", "docs/a")));
    assertEquals(1, Integer.signum(PathOrder.compare("docs/a", "docs")));
    assertEquals(0, PathOrder.compare("docs/a", "docs/a"));
  }

  @Test
  void agreesWithCodePointOrderOnRandomMixedStrings() {
    SplittableRandom rng = new SplittableRandom(20261202);
    String[] alphabet = {
      "a",
      "/",
      "é",
      "\u4E2D",
      "\uD7FF",
      "\uE000",
      "\uFFFD",
      "\uD83D\uDE00",
      "\uDBFF\uDFFF",
      "\uD800\uDC00",
      "z"
    };
    for (int i = 0; i < 200_000; i++) {
      String a = random(rng, alphabet);
      String b = rng.nextInt(4) == 0 ? a + random(rng, alphabet) : random(rng, alphabet);
      assertEquals(
          Integer.signum(byCodePoints(a, b)),
          Integer.signum(PathOrder.compare(a, b)),
          () ->
              "order of "
                  + a.codePoints().boxed().toList()
                  + " and "
                  + b.codePoints().boxed().toList());
    }
  }

  private static String random(SplittableRandom rng, String[] alphabet) {
    StringBuilder s = new StringBuilder();
    for (int n = rng.nextInt(6); n > 0; n--) {
      s.append(alphabet[rng.nextInt(alphabet.length)]);
    }
    return s.toString();
  }
}
