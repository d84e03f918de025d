package dev.ferry.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.monitor.journal.BackupCache;
import dev.ferry.monitor.journal.ChangeKind;
import dev.ferry.monitor.journal.ChangeRecord;
import dev.ferry.monitor.policy.PolicyException;
import dev.ferry.monitor.policy.PolicyListener;
import dev.ferry.monitor.policy.PolicySet;
import dev.ferry.monitor.policy.PolicySource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor run from a policy folder: real policy files, real files, a real backup cache. No test
 * sleeps to prove an absence: a file that must give no record is written before one that must, with
 * the same settle time, so the detector has decided on it by the time the other's record is in (one
 * worker, timers in order); initial scans are awaited by their scan marker.
 */
class HostMonitorPolicyTest {
  private static final long TIMEOUT_MS = 15_000;

  @TempDir Path tmp;
  private Path root;
  private Path policyDir;
  private Path state;
  private BackupCache cache;
  private HostMonitor monitor;
  private final List<ChangeRecord> records = new CopyOnWriteArrayList<>();
  private final BlockingQueue<PolicySet> applied = new LinkedBlockingQueue<>();
  private final BlockingQueue<PolicyException> rejected = new LinkedBlockingQueue<>();

  @BeforeEach
  void setUp() throws IOException {
    root = Files.createDirectories(tmp.resolve("home"));
    policyDir = Files.createDirectories(tmp.resolve("policies"));
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

  private void start() throws IOException {
    PolicyListener observer =
        new PolicyListener() {
          @Override
          public void policiesChanged(PolicySet policies) {
            applied.add(policies);
          }

          @Override
          public void policyRejected(Path file, PolicyException error) {
            rejected.add(error);
          }
        };
    monitor =
        new HostMonitor(
            "ws-1",
            PolicySource.folder(policyDir, observer),
            state,
            List.of(),
            cache,
            (r, index, at) -> records.add(r),
            MonitorTimings.defaults());
    monitor.start();
  }

  /** Writes a policy file like an editor: a temp file renamed into place. */
  private void policy(String file, Path policyRoot, String... lines) throws IOException {
    StringBuilder b = new StringBuilder();
    b.append("roots: [").append(policyRoot).append("]\ntargets: [nas]\n");
    for (String l : lines) {
      b.append(l).append('\n');
    }
    Path t = policyDir.resolve("." + file + ".swp");
    Files.writeString(t, b.toString(), StandardCharsets.UTF_8);
    Files.move(t, policyDir.resolve(file), StandardCopyOption.ATOMIC_MOVE);
  }

  private static Path write(Path f, String content) throws IOException {
    Files.createDirectories(f.getParent());
    return Files.writeString(f, content, StandardCharsets.UTF_8);
  }

  private ChangeRecord await(Predicate<ChangeRecord> p) throws InterruptedException {
    long deadline = System.currentTimeMillis() + TIMEOUT_MS;
    while (System.currentTimeMillis() < deadline) {
      for (ChangeRecord r : records) {
        if (p.test(r)) {
          return r;
        }
      }
      Thread.sleep(10);
    }
    throw new AssertionError("no matching record within " + TIMEOUT_MS + " ms; got " + records);
  }

  private ChangeRecord awaitPath(String path) throws InterruptedException {
    return await(r -> r.path().equals(path));
  }

  /** Waits until the initial scan of {@code r} finished (its line in the scan marker). */
  private void awaitScanned(Path r) throws Exception {
    Path marker = state.resolve(HostMonitor.SCANNED_ROOTS);
    long deadline = System.currentTimeMillis() + TIMEOUT_MS;
    while (System.currentTimeMillis() < deadline) {
      if (Files.exists(marker) && Files.readAllLines(marker).contains(r.toString())) {
        return;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("initial scan of " + r + " not finished within " + TIMEOUT_MS);
  }

  private static <T> T next(BlockingQueue<T> q) throws InterruptedException {
    T t = q.poll(TIMEOUT_MS, TimeUnit.MILLISECONDS);
    assertThat(t).as("listener called within %s ms", TIMEOUT_MS).isNotNull();
    return t;
  }

  private List<String> paths() {
    return records.stream().map(ChangeRecord::path).toList();
  }

  @Test
  void aFileExcludedByAGlobGivesNoRecord() throws Exception {
    policy("docs.yaml", root, "name: docs", "settle: 200ms", "exclude: ['*.log', build/]");
    write(root.resolve("old.log"), "excluded, there before the start");
    write(root.resolve("build/out.txt"), "excluded folder");
    write(root.resolve("old.txt"), "included");
    start();
    awaitScanned(root);
    assertThat(paths()).containsExactly("old.txt");
    assertThat(records.get(0).policyClass()).isEqualTo("docs");

    write(root.resolve("new.log"), "excluded, written while watching");
    write(root.resolve("build/new.txt"), "excluded folder");
    write(root.resolve("new.txt"), "included, written last");
    ChangeRecord r = awaitPath("new.txt");
    assertThat(r.kind()).isEqualTo(ChangeKind.CREATED);
    assertThat(r.policyClass()).isEqualTo("docs");
    assertThat(paths()).containsExactly("old.txt", "new.txt");
  }

  @Test
  void aFileOverMaxSizeGivesNoRecordWhileASmallerOneDoes() throws Exception {
    policy("small.yaml", root, "settle: 200ms", "max-size: 100");
    start();
    awaitScanned(root);
    write(root.resolve("big.bin"), "x".repeat(101));
    write(root.resolve("limit.bin"), "x".repeat(100));
    ChangeRecord r = awaitPath("limit.bin");
    assertThat(r.size()).isEqualTo(100);
    assertThat(r.policyClass()).isEqualTo("small");
    assertThat(paths()).containsExactly("limit.bin");

    // A recorded file that grows over the limit: no record, its last version stays.
    Files.writeString(root.resolve("limit.bin"), "x".repeat(200));
    write(root.resolve("after.bin"), "y");
    awaitPath("after.bin");
    assertThat(paths()).containsExactly("limit.bin", "after.bin");
  }

  @Test
  void ofTwoMatchingPoliciesTheHigherPriorityNamesTheRecord() throws Exception {
    policy("all.yaml", root, "name: all", "settle: 200ms");
    policy("notes.yaml", root, "name: notes", "settle: 200ms", "include: ['*.md']", "priority: 5");
    start();
    awaitScanned(root);
    write(root.resolve("a.md"), "markdown");
    write(root.resolve("b.txt"), "text");
    assertThat(awaitPath("a.md").policyClass()).isEqualTo("notes");
    assertThat(awaitPath("b.txt").policyClass()).isEqualTo("all");
  }

  @Test
  void aPolicyFileAddedAtRuntimeStartsRecordingItsRoot() throws Exception {
    Path other = Files.createDirectories(tmp.resolve("photos"));
    write(other.resolve("2024/a.jpg"), "there before the policy");
    policy("docs.yaml", root, "name: docs", "settle: 200ms");
    start();
    awaitScanned(root);
    assertThat(monitor.roots()).containsExactly(root);

    policy("photos.yaml", other, "name: photos", "settle: 200ms");
    assertThat(next(applied).roots()).containsExactly(root, other);
    ChangeRecord initial = awaitPath("2024/a.jpg");
    assertThat(initial.kind()).isEqualTo(ChangeKind.CREATED);
    assertThat(initial.root()).isEqualTo(other.toString());
    assertThat(initial.policyClass()).isEqualTo("photos");
    awaitScanned(other);

    Path live = write(other.resolve("2024/b.jpg"), "saved after the policy");
    ChangeRecord r = awaitPath("2024/b.jpg");
    assertThat(r.kind()).isEqualTo(ChangeKind.CREATED);
    assertThat(r.size()).isEqualTo(Files.size(live));
    assertThat(monitor.roots()).containsExactly(root, other);

    // Dropping the policy stops recording there, with no DELETED for the files left behind.
    Files.delete(policyDir.resolve("photos.yaml"));
    assertThat(next(applied).roots()).containsExactly(root);
    write(other.resolve("2024/c.jpg"), "not watched any more");
    write(root.resolve("d.txt"), "still watched");
    awaitPath("d.txt");
    assertThat(records)
        .extracting(ChangeRecord::path, ChangeRecord::kind)
        .containsExactly(
            Tuple.tuple("2024/a.jpg", ChangeKind.CREATED),
            Tuple.tuple("2024/b.jpg", ChangeKind.CREATED),
            Tuple.tuple("d.txt", ChangeKind.CREATED));
  }

  @Test
  void anInvalidPolicyEditKeepsTheOldBehaviour() throws Exception {
    policy("docs.yaml", root, "name: docs", "settle: 200ms", "exclude: ['*.log']");
    start();
    awaitScanned(root);

    // Meant to drop the exclusion, but the settle is not a duration: rejected, old policy stays.
    policy("docs.yaml", root, "name: docs", "settle: 2 seconds");
    PolicyException e = next(rejected);
    assertThat(e.getMessage()).contains("docs.yaml:4:9: field 'settle'");
    assertThat(monitor.policies().named("docs").orElseThrow().exclude()).hasSize(1);

    write(root.resolve("x.log"), "still excluded");
    write(root.resolve("y.txt"), "recorded");
    assertThat(awaitPath("y.txt").policyClass()).isEqualTo("docs");
    assertThat(paths()).containsExactly("y.txt");
    assertThat(applied).isEmpty();
  }

  @Test
  void anEditThatIncludesExistingFilesRecordsThemAtOnce() throws Exception {
    policy("docs.yaml", root, "name: docs", "settle: 200ms", "exclude: ['*.log']");
    write(root.resolve("a.txt"), "recorded by the initial scan");
    write(root.resolve("logs/old.log"), "excluded at first");
    start();
    awaitScanned(root);
    assertThat(paths()).containsExactly("a.txt");

    policy("docs.yaml", root, "name: docs", "settle: 200ms", "priority: 1");
    assertThat(next(applied).named("docs").orElseThrow().exclude()).isEmpty();
    ChangeRecord r = awaitPath("logs/old.log");
    assertThat(r.kind()).isEqualTo(ChangeKind.CREATED);
    write(root.resolve("b.txt"), "saved after the edit");
    awaitPath("b.txt");
    assertThat(paths()).containsExactly("a.txt", "logs/old.log", "b.txt");
  }

  @Test
  void aShortSettlePolicyRecordsBeforeALongSettleOne() throws Exception {
    policy("fast.yaml", root, "name: fast", "settle: 200ms", "include: ['*.fast']");
    policy("slow.yaml", root, "name: slow", "settle: 1500ms", "include: ['*.slow']");
    start();
    awaitScanned(root);
    write(root.resolve("a.slow"), "written first");
    write(root.resolve("a.fast"), "written second");
    ChangeRecord slow = awaitPath("a.slow");
    assertThat(paths()).containsExactly("a.fast", "a.slow");
    ChangeRecord fast = records.get(0);
    assertThat(fast.policyClass()).isEqualTo("fast");
    assertThat(slow.policyClass()).isEqualTo("slow");
    assertThat(fast.savedAtNanos() - fast.detectedAtNanos())
        .isBetween(200_000_000L, 1_500_000_000L);
    assertThat(slow.savedAtNanos() - slow.detectedAtNanos()).isGreaterThanOrEqualTo(1_500_000_000L);
  }
}
