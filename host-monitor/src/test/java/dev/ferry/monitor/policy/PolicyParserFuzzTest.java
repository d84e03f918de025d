package dev.ferry.monitor.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import java.util.List;

/**
 * Parsing arbitrary bytes yields a policy that a {@link PolicySet} can classify with, or a {@link
 * PolicyException} whose every error names the file, a line and a column; nothing else (no other
 * exception, no OutOfMemoryError, no StackOverflowError). Replays the corpus in
 * src/test/resources/.../PolicyParserFuzzTestInputs on every build; fuzz with {@code
 * JAZZER_FUZZ=1}.
 */
class PolicyParserFuzzTest {
  @FuzzTest(maxDuration = "60s")
  void parsesOrFailsCleanly(byte[] data) {
    Policy p;
    try {
      p = PolicyParser.parse("fuzz.yaml", data);
    } catch (PolicyException e) {
      assertThat(e.errors()).isNotEmpty();
      for (PolicyError err : e.errors()) {
        assertThat(err.toString())
            .startsWith("fuzz.yaml:" + err.line() + ":" + err.column() + ": ");
        assertThat(err.line()).isPositive();
        assertThat(err.column()).isPositive();
      }
      return;
    }
    assertThat(p.targets()).isNotEmpty();
    PolicySet set = PolicySet.of(List.of(p));
    Path root = p.roots().get(0);
    set.classify(root.resolve("docs/a.md"), 1);
    set.settle(root);
    assertThat(set.watchRoots()).isNotEmpty();
  }
}
