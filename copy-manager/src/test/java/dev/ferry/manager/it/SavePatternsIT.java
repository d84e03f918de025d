package dev.ferry.manager.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.monitor.journal.ChangeKind;
import dev.ferry.monitor.journal.ChangeRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How real programs save, against the agent as a real process: each pattern must give exactly the
 * records a user would expect (one per save, none for temporary files, a rename as a rename).
 */
class SavePatternsIT {
  private static final Duration QUIET = Duration.ofMillis(1500);
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir Path base;
  private Path home;
  private AgentProcess agent;
  private long mark;

  @BeforeEach
  void startAgent() throws Exception {
    home = Files.createDirectories(base.resolve("home"));
    agent = new AgentProcess(base, "roots: [" + home + "]\nsettle: 500ms", "", List.of()).start();
    agent.awaitQuiet(QUIET, TIMEOUT);
    mark = agent.lastIndex();
  }

  @AfterEach
  void stopAgent() throws Exception {
    agent.close();
  }

  /** Runs {@code script} with sh in the watched folder; it must succeed. */
  private void sh(String script) throws Exception {
    Process p =
        new ProcessBuilder("sh", "-ec", script)
            .directory(home.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("sh -c %s: %s", script, out).isZero();
  }

  /** The records since the last call, once the agent is quiet. */
  private List<ChangeRecord> recordsSinceLastLook() throws Exception {
    agent.awaitQuiet(QUIET, TIMEOUT);
    List<ChangeRecord> rs = agent.recordsAfter(mark);
    mark = agent.lastIndex();
    return rs;
  }

  @Test
  void anEditorWritingATempFileAndRenamingItGivesOneModifiedForTheRealName() throws Exception {
    sh("printf 'v1\\n' > doc.txt");
    assertThat(recordsSinceLastLook())
        .extracting(ChangeRecord::path, ChangeRecord::kind)
        .containsExactly(Tuple.tuple("doc.txt", ChangeKind.CREATED));
    sh("printf 'v2, saved safely\\n' > .doc.txt.swp && mv .doc.txt.swp doc.txt");
    List<ChangeRecord> rs = recordsSinceLastLook();
    assertThat(rs)
        .extracting(ChangeRecord::path, ChangeRecord::kind)
        .containsExactly(Tuple.tuple("doc.txt", ChangeKind.MODIFIED));
    assertThat(rs.get(0).size()).isEqualTo(Files.size(home.resolve("doc.txt")));
  }
}
