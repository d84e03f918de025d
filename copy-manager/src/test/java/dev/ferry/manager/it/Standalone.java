package dev.ferry.manager.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A {@code ferry standalone} process on temp folders, and what a test asks of it. */
final class Standalone implements AutoCloseable {
  final Path watch;
  final Path target;
  final Path data;
  final Path log;
  private final List<String> extraArgs;
  private List<String> wrapper = List.of();
  private Process process;
  private String url;

  Standalone(Path base, String... extraArgs) throws IOException {
    this(base, base.resolve("watch"), base.resolve("target"), base.resolve("data"), extraArgs);
  }

  Standalone(Path base, Path watch, Path target, Path data, String... extraArgs)
      throws IOException {
    this.watch = Files.createDirectories(watch);
    this.target = target;
    this.data = data;
    this.log = base.resolve("standalone.log");
    this.extraArgs = List.of(extraArgs);
  }

  /** Runs the process under a wrapper command (strace, say). */
  Standalone wrappedIn(String... command) {
    this.wrapper = List.of(command);
    return this;
  }

  Standalone start() throws IOException, InterruptedException {
    List<String> args =
        new ArrayList<>(
            List.of(
                "standalone",
                "--watch",
                watch.toString(),
                "--target",
                target.toString(),
                "--data",
                data.toString(),
                "--hold",
                "0s",
                "--drain-every",
                "1h",
                "--settle",
                "300ms",
                "--port",
                "0"));
    args.addAll(extraArgs);
    process = Ferry.startWrapped(wrapper, log, args.toArray(String[]::new));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    Path endpoint = data.resolve("manager.url");
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "standalone exited " + process.exitValue() + ":\n" + logText());
      }
      if (Files.exists(endpoint)) {
        url = Files.readString(endpoint, StandardCharsets.UTF_8).trim();
        if (answers()) {
          return this;
        }
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("standalone did not come up in 120 s:\n" + logText());
  }

  private boolean answers() throws InterruptedException {
    try {
      status();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  JsonNode status() throws IOException, InterruptedException {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url + "/api/status"))
                    .timeout(Duration.ofSeconds(30))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    return new ObjectMapper().readTree(r.body());
  }

  /** Waits until no save is settling and the cache stopped growing: the agent caught up. */
  void awaitQuiet() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    int lastPending = -1;
    int stableRounds = 0;
    while (System.nanoTime() < deadline) {
      JsonNode s = status();
      int pending = s.path("pendingRecords").asInt();
      if (s.path("agentSettling").asInt() == 0 && pending == lastPending) {
        if (++stableRounds >= 3) {
          return;
        }
      } else {
        stableRounds = 0;
      }
      lastPending = pending;
      Thread.sleep(400);
    }
    throw new IllegalStateException("agent did not settle in 60 s:\n" + logText());
  }

  long pid() {
    return process.pid();
  }

  void kill9() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  String logText() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() throws Exception {
    if (process != null && process.isAlive()) {
      // A wrapper (strace) does not pass SIGTERM on: stop the JVM under it first.
      process.descendants().forEach(ProcessHandle::destroy);
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
