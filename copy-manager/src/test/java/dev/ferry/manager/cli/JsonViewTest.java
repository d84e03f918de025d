package dev.ferry.manager.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class JsonViewTest {
  private static final String DRAIN =
      """
      {"outcome":"copied","snapshotId":12,"bytesWritten":6000000000,"millis":830,
       "skipped":["a/b: gone","c: not a regular file"],"latest":null,
       "lastRuns":[{"id":3,"outcome":"copied","snapshotId":null},{"id":4,"snapshotId":9}]}
      """;

  @Test
  void fieldsReadAsTheTypesTheCommandsPrint() throws IOException {
    JsonView v = JsonView.parse(DRAIN);

    assertThat(v.text("outcome", "")).isEqualTo("copied");
    assertThat(v.text("snapshotId", "")).isEqualTo("12");
    assertThat(v.number("snapshotId", -1)).isEqualTo(12);
    assertThat(v.number("bytesWritten", -1)).isEqualTo(6_000_000_000L);
    assertThat(v.texts("skipped")).containsExactly("a/b: gone", "c: not a regular file");
    assertThat(v.objects("lastRuns")).extracting(r -> r.number("id", 0)).containsExactly(3L, 4L);
    assertThat(v.objects("lastRuns").get(0).isNull("snapshotId")).isTrue();
    assertThat(v.objects("lastRuns").get(1).number("snapshotId", 0)).isEqualTo(9);
  }

  @Test
  void missingNullAndMistypedFieldsReadAsTheDefault() throws IOException {
    JsonView v = JsonView.parse(DRAIN);

    assertThat(v.text("latest", "-")).isEqualTo("-");
    assertThat(v.text("nowhere", "-")).isEqualTo("-");
    assertThat(v.number("nowhere", 1)).isEqualTo(1);
    assertThat(v.number("outcome", 7)).isEqualTo(7);
    assertThat(v.isNull("nowhere")).isTrue();
    assertThat(v.texts("nowhere")).isEmpty();
    assertThat(v.objects("skipped")).isEmpty();
  }

  @Test
  void anAnswerThatIsNotOneJsonObjectIsAnError() {
    assertThatThrownBy(() -> JsonView.parse("[1, 2]"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("expected a JSON object");
    assertThatThrownBy(() -> JsonView.parse("<html>502 Bad Gateway</html>"))
        .isInstanceOf(IOException.class);
  }
}
