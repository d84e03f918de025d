package dev.ferry.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FileEntryTest {
  @Test
  void pathWithAnUnpairedSurrogateIsRejectedRatherThanStoredAsAQuestionMark() {
    // String.getBytes(UTF_8) would write "a?b": another file's name, and maybe out of order.
    for (String bad : new String[] {"a\uD800b", "a\uDC00", "\uD83D"}) {
      assertThatThrownBy(() -> new FileEntry(bad, 0, 0, 0644, List.of()))
          .as(bad)
          .isInstanceOf(InvalidEntryPathException.class)
          .hasMessageContaining("unpaired surrogate");
    }
    assertThat(new FileEntry("\uD83D\uDE00/a", 0, 0, 0644, List.of()).path())
        .isEqualTo("\uD83D\uDE00/a");
  }
}
