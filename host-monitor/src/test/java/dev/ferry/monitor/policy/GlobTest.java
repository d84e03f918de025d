package dev.ferry.monitor.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GlobTest {
  static boolean matches(String pattern, String path) {
    return Glob.compile(pattern).matches(Arrays.asList(path.split("/", -1)));
  }

  @ParameterizedTest(name = "{0} matches {1}: {2}")
  @CsvSource({
    // no '/': the name at any depth
    "*.md, a.md, true",
    "*.md, docs/deep/a.md, true",
    "*.md, a.mdx, false",
    "a?c, x/abc, true",
    "a?c, x/ac, false",
    "[ab]*, b.txt, true",
    "[!ab]*, b.txt, false",
    "[a-c]x, bx, true",
    "*, anything/at/all, true",
    // a matched folder matches what is inside it
    "node_modules, web/node_modules/lib/x.js, true",
    "build/, build/out.o, true",
    "build/, build, false",
    // with '/': anchored at the root
    "docs/*.md, docs/a.md, true",
    "docs/*.md, other/docs/a.md, false",
    "docs/*.md, docs/sub/a.md, false",
    "/build, build/x, true",
    "/build, src/build/x, false",
    // ** spans any number of folders, none included
    "**/*.md, a.md, true",
    "**/*.md, x/y/z/a.md, true",
    "docs/**/*.md, docs/a.md, true",
    "docs/**/*.md, docs/x/y/a.md, true",
    "docs/**/*.md, src/docs/a.md, false",
    "**, any/thing, true",
    "a/**/b/**/c, a/x/b/y/z/c, true",
    "a/**/b/**/c, a/x/c, false",
    // case matters
    "*.MD, a.md, false",
  })
  void globsMatchLikeGitignore(String pattern, String path, boolean expected) {
    assertThat(matches(pattern, path)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "[abc", "a\\b", "a//b", "../x", "./x", "/"})
  void malformedPatternsAreRejected(String pattern) {
    assertThatThrownBy(() -> Glob.compile(pattern)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void manyStarsDoNotBacktrackExponentially() {
    String pattern = "*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b";
    String name = "a".repeat(255);
    long start = System.nanoTime();

    assertThat(matches(pattern, name)).isFalse();
    assertThat(matches("**/**/**/**/**/**/**/**/x", "a/".repeat(200) + "y")).isFalse();
    assertThat(System.nanoTime() - start).isLessThan(1_000_000_000L);
  }
}
