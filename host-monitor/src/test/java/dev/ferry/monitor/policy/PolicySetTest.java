package dev.ferry.monitor.policy;

import static dev.ferry.monitor.policy.Policies.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PolicySetTest {
  static Policy policy(String name, int priority, String roots, String... more)
      throws PolicyException {
    StringBuilder b =
        new StringBuilder("name: " + name + "\nroots: " + roots + "\ntargets: [nas]\n");
    b.append("priority: ").append(priority).append('\n');
    for (String m : more) {
      b.append(m).append('\n');
    }
    return parse(b.toString());
  }

  static Optional<String> winner(PolicySet set, String file, long size) {
    return set.classify(Path.of(file), size).map(Policy::name);
  }

  @Test
  void aFolderEveryCoveringPolicyExcludesIsIgnoredAndNothingElseIs() throws Exception {
    PolicySet set =
        PolicySet.of(
            List.of(
                policy("code", 0, "[/home/u]", "exclude: ['.git', '**/target', 'build/']"),
                policy("docs", 0, "[/home/u/docs]", "exclude: ['*.tmp']")));

    assertThat(set.ignoresFolder(Path.of("/home/u/proj/.git"))).isTrue();
    assertThat(set.ignoresFolder(Path.of("/home/u/proj/.git/objects"))).isTrue();
    assertThat(set.ignoresFolder(Path.of("/home/u/proj/app/target"))).isTrue();
    assertThat(set.ignoresFolder(Path.of("/home/u/proj"))).as("its files are copied").isFalse();
    assertThat(set.ignoresFolder(Path.of("/home/u/build")))
        .as("'build/' excludes its contents, not provably every name in it: conservative")
        .isFalse();
    assertThat(set.ignoresFolder(Path.of("/home/u/docs/.git")))
        .as("the docs policy, also covering it, does not exclude it")
        .isFalse();
    assertThat(set.ignoresFolder(Path.of("/home"))).as("a root lies inside it").isFalse();
    assertThat(set.ignoresFolder(Path.of("/srv"))).as("no policy covers it").isFalse();
  }

  @Test
  void theHighestPriorityWinsWhenSeveralPoliciesMatch() throws Exception {
    PolicySet set =
        PolicySet.of(
            List.of(
                policy("all", 0, "[/home/u]"),
                policy("photos", 5, "[/home/u]", "include: ['*.jpg']"),
                policy("low", -3, "[/home/u/deep]")));

    assertThat(winner(set, "/home/u/pics/a.jpg", 10)).contains("photos");
    assertThat(winner(set, "/home/u/notes.txt", 10)).contains("all");
    assertThat(winner(set, "/home/u/deep/a.txt", 10)).contains("all");
    assertThat(set.policies()).extracting(Policy::name).containsExactly("photos", "all", "low");
  }

  @Test
  void onEqualPriorityTheDeepestRootWinsThenTheFirstName() throws Exception {
    PolicySet set =
        PolicySet.of(
            List.of(
                policy("zeta", 0, "[/home/u/work]"),
                policy("beta", 0, "[/home/u]"),
                policy("alpha", 0, "[/home/u]")));

    assertThat(winner(set, "/home/u/work/plan.odt", 1)).contains("zeta");
    assertThat(winner(set, "/home/u/plan.odt", 1)).contains("alpha");
  }

  @Test
  void aFileExcludedByOnePolicyCanStillFallUnderAnother() throws Exception {
    PolicySet set =
        PolicySet.of(
            List.of(
                policy("code", 10, "[/w]", "exclude: [build/]"),
                policy("builds", 1, "[/w]", "include: ['build/*.jar']")));

    assertThat(winner(set, "/w/src/A.java", 1)).contains("code");
    assertThat(winner(set, "/w/build/app.jar", 1)).contains("builds");
    assertThat(winner(set, "/w/build/A.class", 1)).isEmpty();
  }

  @Test
  void includeAndExcludeGlobsAreRelativeToEachRoot() throws Exception {
    PolicySet set =
        PolicySet.of(
            List.of(
                policy(
                    "docs",
                    0,
                    "[/a, /b]",
                    "include: ['docs/**', '*.md']",
                    "exclude: ['**/private/**', '*.bak']")));

    assertThat(winner(set, "/a/docs/x/y.pdf", 1)).contains("docs");
    assertThat(winner(set, "/b/docs/y.pdf", 1)).contains("docs");
    assertThat(winner(set, "/b/other/readme.md", 1)).contains("docs");
    assertThat(winner(set, "/b/other/y.pdf", 1)).isEmpty();
    assertThat(winner(set, "/a/docs/private/y.pdf", 1)).isEmpty();
    assertThat(winner(set, "/a/docs/old.bak", 1)).isEmpty();
    assertThat(winner(set, "/c/docs/y.pdf", 1)).isEmpty();
  }

  @Test
  void sizeLimitsAreInclusive() throws Exception {
    PolicySet set =
        PolicySet.of(List.of(policy("mid", 0, "[/d]", "min-size: 1KiB", "max-size: 1MiB")));

    assertThat(winner(set, "/d/f", 1023)).isEmpty();
    assertThat(winner(set, "/d/f", 1024)).contains("mid");
    assertThat(winner(set, "/d/f", 1 << 20)).contains("mid");
    assertThat(winner(set, "/d/f", (1 << 20) + 1)).isEmpty();
  }

  @Test
  void aSizeLimitHandsTheFileToTheNextPolicy() throws Exception {
    PolicySet set =
        PolicySet.of(
            List.of(
                policy("small-every-save", 5, "[/d]", "max-size: 10MiB"),
                policy("big-nightly", 0, "[/d]")));

    assertThat(winner(set, "/d/f.iso", 10L << 20)).contains("small-every-save");
    assertThat(winner(set, "/d/f.iso", (10L << 20) + 1)).contains("big-nightly");
  }

  @Test
  void temporaryFilesAreNeverCopiedWhateverThePolicySays() throws Exception {
    PolicySet set = PolicySet.of(List.of(policy("all", 0, "[/d]", "include: ['*.swp', '**']")));

    assertThat(winner(set, "/d/.notes.txt.swp", 1)).isEmpty();
    assertThat(winner(set, "/d/~$budget.xlsx", 1)).isEmpty();
    assertThat(winner(set, "/d/notes.txt", 1)).contains("all");
  }

  @Test
  void theRootItselfAndFilesOutsideTheRootsAreNotCopied() throws Exception {
    PolicySet set = PolicySet.of(List.of(policy("d", 0, "[/data/docs]")));

    assertThat(winner(set, "/data/docs", 1)).isEmpty();
    assertThat(winner(set, "/data/docs2/x", 1)).isEmpty();
    assertThat(winner(set, "/data/x", 1)).isEmpty();
    assertThat(PolicySet.empty().classify(Path.of("/data/docs/x"), 1)).isEmpty();
  }

  @Test
  void watchRootsDropFoldersInsideOtherRoots() throws Exception {
    PolicySet set =
        PolicySet.of(
            List.of(policy("a", 0, "[/home/u, /srv/x]"), policy("b", 0, "[/home/u/docs, /opt]")));

    assertThat(set.roots())
        .containsExactly(
            Path.of("/home/u"), Path.of("/home/u/docs"), Path.of("/opt"), Path.of("/srv/x"));
    assertThat(set.watchRoots())
        .containsExactly(Path.of("/home/u"), Path.of("/opt"), Path.of("/srv/x"));
  }

  @Test
  void theSettleTimeOfARootIsTheShortestOfThePoliciesOverlappingIt() throws Exception {
    PolicySet set =
        PolicySet.of(
            List.of(
                policy("slow", 0, "[/home/u]", "settle: 30s"),
                policy("fast", 0, "[/home/u/logs]", "settle: 500ms"),
                policy("other", 0, "[/srv]", "settle: 10s")));

    assertThat(set.settle(Path.of("/home/u"))).isEqualTo(Duration.ofMillis(500));
    assertThat(set.settle(Path.of("/home/u/docs"))).isEqualTo(Duration.ofSeconds(30));
    assertThat(set.settle(Path.of("/srv"))).isEqualTo(Duration.ofSeconds(10));
    assertThat(set.settle(Path.of("/elsewhere"))).isEqualTo(Policy.DEFAULT_SETTLE);
  }

  @Test
  void twoPoliciesWithOneNameAreRefused() throws Exception {
    List<Policy> twins = List.of(policy("x", 0, "[/a]"), policy("x", 1, "[/b]"));

    assertThatThrownBy(() -> PolicySet.of(twins)).isInstanceOf(IllegalArgumentException.class);
  }
}
