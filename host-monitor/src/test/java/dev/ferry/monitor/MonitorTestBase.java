package dev.ferry.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.monitor.journal.BackupCache;
import dev.ferry.monitor.journal.ChangeKind;
import dev.ferry.monitor.journal.ChangeRecord;
import dev.ferry.monitor.policy.PolicySource;
import dev.ferry.monitor.policy.Versions;
import dev.ferry.monitor.staging.StagingStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * An in-process agent on a temp folder, and the records it appends: the fixture of the agent's
 * behaviour tests. Subclasses change {@link #excluded} or {@link #timings} before {@link #start}.
 */
abstract class MonitorTestBase {
  static final Duration SETTLE = Duration.ofMillis(200);
  static final long TIMEOUT_MS = 10_000;

  @TempDir Path tmp;
  Path root;
  Path state;
  BackupCache cache;
  HostMonitor monitor;
  final List<ChangeRecord> records = new CopyOnWriteArrayList<>();
  final List<Long> latencies = new CopyOnWriteArrayList<>();
  List<Path> excluded = List.of();
  MonitorTimings timings = MonitorTimings.defaults();
  Versions versions = Versions.LATEST;

  /** Where every-save versions are staged; null: none are. Its opener closes it. */
  StagingStore staging;

  @BeforeEach
  void setUp() throws IOException {
    root = Files.createDirectories(tmp.resolve("home"));
    state = tmp.resolve("state");
    cache = BackupCache.open(tmp.resolve("cache"));
  }

  @AfterEach
  void tearDown() {
    if (monitor != null) {
      monitor.close();
    }
    cache.close();
  }

  void start() throws IOException {
    if (monitor != null) {
      monitor.close();
    }
    MonitorConfig cfg = new MonitorConfig("ws-1", List.of(root), SETTLE, state, excluded, versions);
    monitor =
        new HostMonitor(
            cfg.hostId(),
            PolicySource.fixed(cfg.policies()),
            cfg.stateDir(),
            cfg.excluded(),
            cache,
            (r, index, appendedAt) -> {
              records.add(r);
              latencies.add(appendedAt - r.savedAtNanos());
            },
            timings,
            staging);
    monitor.start();
  }

  /** Starts with {@code root} already scanned once, and no records so far. */
  void startQuiet(String... existing) throws IOException {
    for (String name : existing) {
      write(name, "initial content of " + name);
    }
    start();
    awaitSentinel();
    records.clear();
  }

  /** Stops the agent; changes made until the next {@link #start} are made while it is down. */
  void stop() {
    monitor.close();
    monitor = null;
  }

  ChangeRecord only(String path) {
    List<ChangeRecord> rs = records.stream().filter(r -> r.path().equals(path)).toList();
    assertThat(rs).as("records of %s", path).hasSize(1);
    return rs.get(0);
  }

  Path write(String rel, String content) throws IOException {
    Path f = root.resolve(rel);
    Files.createDirectories(f.getParent());
    return Files.writeString(f, content, StandardCharsets.UTF_8);
  }

  int sentinels;

  /**
   * Saves a sentinel file by rename and waits for its record: every record of earlier changes is in
   * by then (settle + rename window are shorter than the sentinel's own path through). Removes the
   * sentinel record from {@link #records}.
   */
  void awaitSentinel() throws IOException {
    sentinels++;
    String name = "sentinel-" + sentinels + ".txt";
    sleepMs(SETTLE.toMillis() + 150); // let earlier settles and delete windows expire first
    Path t = write(name + ".tmp", "s");
    Files.move(t, root.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    await(r -> r.path().equals(name));
    records.removeIf(r -> r.path().equals(name));
  }

  ChangeRecord await(Predicate<ChangeRecord> p) {
    long deadline = System.currentTimeMillis() + TIMEOUT_MS;
    while (System.currentTimeMillis() < deadline) {
      for (ChangeRecord r : records) {
        if (p.test(r)) {
          return r;
        }
      }
      sleepMs(10);
    }
    throw new AssertionError("no matching record within " + TIMEOUT_MS + " ms; got " + records);
  }

  static void sleepMs(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static long inode(Path f) throws IOException {
    return ((Number) Files.getAttribute(f, "unix:ino")).longValue();
  }

  void assertDescribes(ChangeRecord r, Path f, ChangeKind kind) throws IOException {
    assertThat(r.kind()).isEqualTo(kind);
    assertThat(r.hostId()).isEqualTo("ws-1");
    assertThat(r.root()).isEqualTo(root.toString());
    assertThat(r.path()).isEqualTo(root.relativize(f).toString());
    assertThat(r.size()).isEqualTo(Files.size(f)).isEqualTo(r.blocks().size());
    assertThat(r.inode()).isEqualTo(inode(f));
    assertThat(r.mtimeNanos())
        .isEqualTo(Files.getLastModifiedTime(f).to(java.util.concurrent.TimeUnit.NANOSECONDS));
    assertThat(r.mode())
        .isEqualTo(((Number) Files.getAttribute(f, "unix:mode")).intValue() & 07777);
    assertThat(r.policyClass()).isEqualTo("default");
    assertThat(r.savedAtNanos()).isGreaterThanOrEqualTo(r.detectedAtNanos());
  }
}
