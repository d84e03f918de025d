package dev.ferry.manager.it;

import static dev.ferry.monitor.journal.ChangeKind.CREATED;
import static dev.ferry.monitor.journal.ChangeKind.DELETED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.manager.agent.AgentStatus;
import dev.ferry.monitor.journal.ChangeRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What the agent cannot read, as a real process run as {@code nobody} (the test runs as root):
 * files its user may not read, and a file deleted while the agent reads it. No record for either,
 * the agent keeps running, and the status warns about the unreadable ones.
 */
class AgentLimitsIT extends AgentScenario {
  /** How many times the writer creates and deletes its file. */
  private static final int ROUNDS = 3;

  /** Its size: large enough that reading it takes tens of milliseconds. */
  private static final int MIB = 96;

  @Override
  List<String> wrapper() {
    return List.of("runuser", "-u", "nobody", "--");
  }

  @Override
  void beforeStart() throws Exception {
    // JUnit's temporary folder is the test user's alone; the agent must reach its config and home
    // and own its data folder.
    Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path data = Files.createDirectories(agent.data);
    UserPrincipal nobody =
        data.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
    Files.setOwner(data, nobody);
  }

  @Test
  void filesTheAgentsUserCannotReadGiveNoRecordAndAWarningAndTheAgentGoesOn() throws Exception {
    Folder f = folder("unreadable");
    f.sh(
        """
        (umask 077; printf 'root only\\n' > private.txt)
        (umask 777; printf 'no one\\n' > mode-0000.txt)
        printf 'anyone may read this\\n' > public.txt
        """);
    f.assertFile(f.lookOne(), "public.txt", CREATED);
    assertThat(Files.getPosixFilePermissions(f.file("mode-0000.txt"))).isEmpty();

    AgentStatus s =
        agent.awaitStatus(
            x -> x.warnings().stream().anyMatch(w -> w.startsWith("2 saved file(s)")),
            Duration.ofSeconds(30));
    assertThat(s.warnings())
        .singleElement()
        .asString()
        .contains("could not be read")
        .containsAnyOf(f.file("private.txt").toString(), f.file("mode-0000.txt").toString());
    assertThat(s.problems()).isEmpty();
    Ferry.Result status = Ferry.run("agent", "status", "--config", agent.config.toString());
    assertThat(status.exit()).as(status.toString()).isZero();
    assertThat(status.out()).contains("warning:").contains("2 saved file(s) could not be read");

    // Once readable, the file is saved like any other.
    f.sh("chmod 644 private.txt");
    f.assertFile(f.lookOne(), "private.txt", CREATED);
  }

  @Test
  void aLargeFileDeletedWhileTheAgentReadsItGivesNoRecordAndTheAgentGoesOn() throws Exception {
    Folder f = folder("vanishing");
    long agentPid = agent.status().pid();
    byte[] chunk = new byte[1 << 20];
    int caughtReading = 0;
    for (int i = 0; i < ROUNDS; i++) {
      // Written under a temporary name and renamed into place: the agent reads it 100 ms later.
      Path tmp = f.file("churn.bin.tmp");
      try (var out = Files.newOutputStream(tmp)) {
        for (int mib = 0; mib < MIB; mib++) {
          chunk[0] = (byte) mib;
          out.write(chunk);
        }
      }
      Path churn = Files.move(tmp, f.file("churn.bin"), StandardCopyOption.ATOMIC_MOVE);
      if (awaitOpenBy(agentPid, churn, Duration.ofSeconds(10))) {
        caughtReading++;
      }
      Files.delete(churn);
    }
    assertThat(caughtReading).as("rounds deleted while the agent had the file open").isPositive();

    List<ChangeRecord> rs = f.look();
    // A round deleted mid-read gives nothing; one read to the end first (the agent was quicker
    // than the look at /proc) is a save and its deletion. No record may leave the file existing.
    assertThat(rs.size())
        .as("records of %d rounds, %d deleted mid-read: %s", ROUNDS, caughtReading, rs)
        .isLessThanOrEqualTo(2 * (ROUNDS - caughtReading));
    for (int i = 0; i < rs.size(); i += 2) {
      assertThat(rs.get(i).kind()).as("record %d of %s", i, rs).isEqualTo(CREATED);
      assertThat(rs).as("records %s", rs).hasSizeGreaterThan(i + 1);
      assertThat(rs.get(i + 1).kind()).as("record %d of %s", i + 1, rs).isEqualTo(DELETED);
    }

    f.sh("printf 'after the churn\\n' > after.txt");
    f.assertFile(f.lookOne(), "after.txt", CREATED);
    assertThat(Files.readString(agent.log())).doesNotContain("task failed").doesNotContain("ERROR");
  }

  /** True once {@code pid} has {@code file} open (read from /proc), false after {@code timeout}. */
  private static boolean awaitOpenBy(long pid, Path file, Duration timeout) throws Exception {
    Path fds = Path.of("/proc", Long.toString(pid), "fd");
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try (Stream<Path> s = Files.list(fds)) {
        boolean open =
            s.anyMatch(
                fd -> {
                  try {
                    return Files.readSymbolicLink(fd).equals(file);
                  } catch (java.io.IOException e) {
                    return false; // closed meanwhile
                  }
                });
        if (open) {
          return true;
        }
      }
    }
    return false;
  }
}
