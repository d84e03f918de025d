package dev.ferry.bench.compare;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Seeded text that looks like notes and logs: words from a small vocabulary, lines of 4–16 words.
 * It compresses about as well as prose does. Same random state, same text.
 */
final class TextMaker {
  private static final String[] WORDS =
      ("the a of and to in is that for it with as was on at by this from file saved backup"
              + " copy restore report meeting budget draft review plan client project release"
              + " invoice quarter total sum update fixed issue test build server disk table note"
              + " INFO WARN DEBUG ERROR request took ms user id status done pending queued")
          .split(" ");

  private final SplittableRandom rng;

  TextMaker(SplittableRandom rng) {
    this.rng = rng;
  }

  /** One line, newline included. */
  String line() {
    StringBuilder b = new StringBuilder(96);
    int words = 4 + rng.nextInt(13);
    for (int i = 0; i < words; i++) {
      if (i > 0) {
        b.append(' ');
      }
      b.append(WORDS[rng.nextInt(WORDS.length)]);
      if (rng.nextInt(8) == 0) {
        b.append(' ').append(rng.nextInt(100_000));
      }
    }
    return b.append('\n').toString();
  }

  /** At least {@code size} bytes of lines, cut to exactly {@code size}. */
  byte[] bytes(int size) {
    StringBuilder b = new StringBuilder(size + 128);
    while (b.length() < size) {
      b.append(line());
    }
    b.setLength(size);
    return b.toString().getBytes(StandardCharsets.US_ASCII);
  }
}
