package dev.ferry.manager.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chronicle Queue (and everything else in standalone Ferry) makes no network call beyond the
 * loopback, and runs without illegal-access warnings: every connect(2) of the process tree is
 * traced with strace while it watches, records and drains.
 */
class StaysLocalIT {
  private static final Pattern INET =
      Pattern.compile(
          "connect\\(\\d+, \\{sa_family=AF_INET6?, .*?(inet_addr\\(\"([^\"]+)\"\\)|inet_pton\\(AF_INET6, \"([^\"]+)\")");

  @TempDir Path base;

  @Test
  void standaloneFerryConnectsToNothingButTheLoopbackAndWarnsOfNoIllegalAccess() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/strace")), "strace is installed by .ci/run");
    Path trace = base.resolve("connect.trace");
    try (Standalone ferry = new Standalone(base)) {
      Files.writeString(ferry.watch.resolve("a.txt"), "recorded through Chronicle\n");
      ferry.wrappedIn(
          "/usr/bin/strace",
          "-f",
          "--seccomp-bpf",
          "-qq",
          "-e",
          "trace=connect",
          "-o",
          trace.toString());
      ferry.start();
      ferry.awaitQuiet();
      Ferry.Result drain = Ferry.run("drain", "--now", "--data", ferry.data.toString());
      assertThat(drain.exit()).as(drain.toString()).isZero();

      List<String> remote = new ArrayList<>();
      int inet = 0;
      for (String line : Files.readAllLines(trace, StandardCharsets.UTF_8)) {
        Matcher m = INET.matcher(line);
        if (m.find()) {
          inet++;
          String addr = m.group(2) != null ? m.group(2) : m.group(3);
          if (!addr.startsWith("127.") && !addr.equals("::1") && !addr.equals("::ffff:127.0.0.1")) {
            remote.add(line);
          }
        }
      }
      assertThat(inet).as("the trace saw the catalog connections").isPositive();
      assertThat(remote).as("connections beyond the loopback").isEmpty();

      String log = ferry.logText().toLowerCase(java.util.Locale.ROOT);
      assertThat(log).doesNotContain("illegal reflective access").doesNotContain("illegal-access");
      assertThat(log).doesNotContain("analytics");
    }
    try (Stream<Path> jars = Files.list(Path.of("target/quarkus-app/lib/main"))) {
      assertThat(jars.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.contains("chronicle-analytics"));
    }
  }
}
