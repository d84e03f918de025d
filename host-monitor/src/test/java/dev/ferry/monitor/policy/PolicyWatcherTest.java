package dev.ferry.monitor.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hot reload with real files: each step waits for the listener, with a generous timeout. */
class PolicyWatcherTest {
  private static final long TIMEOUT_S = 20;

  @TempDir Path dir;

  private final BlockingQueue<PolicySet> changes = new LinkedBlockingQueue<>();
  private final BlockingQueue<PolicyException> rejections = new LinkedBlockingQueue<>();
  private PolicyWatcher watcher;

  private final PolicyListener listener =
      new PolicyListener() {
        @Override
        public void policiesChanged(PolicySet policies) {
          changes.add(policies);
        }

        @Override
        public void policyRejected(Path file, PolicyException error) {
          rejections.add(error);
        }
      };

  @BeforeEach
  void start() throws Exception {
    Files.writeString(dir.resolve("docs.yaml"), PolicyFolderTest.policy("docs", "/d"));
    // the 60s rescan is a safety net; these tests must pass on file events alone
    watcher = PolicyWatcher.start(dir, listener, Duration.ofMillis(100), Duration.ofSeconds(60));
    assertThat(names(next(changes))).isEqualTo("[docs]");
  }

  @AfterEach
  void stop() throws Exception {
    watcher.close();
  }

  static <T> T next(BlockingQueue<T> q) throws InterruptedException {
    T t = q.poll(TIMEOUT_S, TimeUnit.SECONDS);
    assertThat(t).as("listener called within %ss", TIMEOUT_S).isNotNull();
    return t;
  }

  static String names(PolicySet s) {
    return s.toString();
  }

  /** Writes like an editor: a temp file, then rename over the target. */
  void save(String name, String content) throws Exception {
    Path tmp = dir.resolve("." + name + ".swp");
    Files.writeString(tmp, content);
    Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
  }

  @Test
  void aNewValidFileTakesEffect() throws Exception {
    save("photos.yml", PolicyFolderTest.policy("photos", "/p"));

    assertThat(names(next(changes))).isEqualTo("[docs, photos]");
    assertThat(names(watcher.current())).isEqualTo("[docs, photos]");
    assertThat(rejections).isEmpty();
  }

  @Test
  void aChangedFileTakesEffect() throws Exception {
    Files.writeString(
        dir.resolve("docs.yaml"), PolicyFolderTest.policy("docs", "/d") + "priority: 7\n");

    assertThat(next(changes).named("docs").orElseThrow().priority()).isEqualTo(7);
  }

  @Test
  void anInvalidFileIsReportedAndThePreviousPoliciesStay() throws Exception {
    save("docs.yaml", "roots: [/d]\ntargets: [nas]\nsettle: 2 seconds\n");

    PolicyException e = next(rejections);
    assertThat(e.getMessage())
        .isEqualTo(
            dir.resolve("docs.yaml")
                + ":3:9: field 'settle': '2 seconds' is not a duration (use 90s, 15m, 10h; also ms"
                + " and d)");
    assertThat(names(watcher.current())).isEqualTo("[docs]");
    assertThat(watcher.current().named("docs").orElseThrow().roots())
        .containsExactly(Path.of("/d"));

    save("docs.yaml", PolicyFolderTest.policy("docs", "/e"));
    assertThat(next(changes).named("docs").orElseThrow().roots()).containsExactly(Path.of("/e"));
    assertThat(changes).isEmpty();
  }

  @Test
  void aDeletedFileDropsItsPolicy() throws Exception {
    Files.delete(dir.resolve("docs.yaml"));

    assertThat(next(changes).policies()).isEmpty();
  }
}
