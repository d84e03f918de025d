package dev.ferry.manager.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.monitor.HostMonitor;
import dev.ferry.monitor.journal.BackupCache;
import dev.ferry.monitor.journal.JournalReader;
import dev.ferry.monitor.journal.JournalView;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The must-hold test: kill -9 of the agent at random points of a burst of 10,000 saves,
 * then a restart, 20 times over one data folder and one root, so each start meets the checkpoints
 * and journal of a killed run. After each restart: every file on disk is described by its newest
 * record (and its block map is its content), no path whose newest record is live is gone, a file
 * the journal already described exactly got no record after the kill, no record is damaged, and no
 * agent logged an error.
 *
 * <p>Kills land in every phase: the first start is killed during its initial scan (the first burst
 * then runs while the agent is down), the checkpoint is written every second, one restart in three
 * is itself killed at a random moment of its start (JVM start, checkpoint load, journal replay,
 * rescan), and one kill in four is followed by a torn journal tail, as a kill inside an append
 * leaves it ({@link TornJournalTail}).
 *
 * <p>Seeded: the seed is printed; {@code -Dferry.it.seed=N} runs the same bursts and kill points
 * again (the agent's timing still differs). {@code -Dferry.it.iterations=N} runs fewer or more.
 */
class AgentKilledDuringBurstIT {
  private static final int ITERATIONS = Integer.getInteger("ferry.it.iterations", 20);
  private static final int SAVES = 10_000;
  private static final int NAMES = 4_000;
  private static final int INITIAL_FILES = 2_500;
  private static final Duration SETTLE = Duration.ofMillis(200);
  private static final Duration TIMEOUT = Duration.ofMinutes(2);
  private static final Pattern ERROR_LINE =
      Pattern.compile("^\\S+ (ERROR|SEVERE|FATAL) |^Exception in thread");

  /** Kept when the test fails: the agent's data folder, its logs and the tree. */
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path base;

  private Path root;
  private AgentProcess agent;
  private NewestRecords journal;
  private SplittableRandom rnd;
  private long lastStartMs = 2_000;
  private int logsChecked;

  @AfterEach
  void stopAgent() throws Exception {
    if (agent != null) {
      agent.close();
    }
  }

  @Test
  void everySaveBeforeAKillIsRecordedByTheRestartAndUnchangedFilesAreNotRecordedAgain()
      throws Exception {
    long seed = Long.getLong("ferry.it.seed", System.nanoTime());
    System.out.printf(
        "AgentKilledDuringBurstIT: seed %d (again: -Dferry.it.seed=%d)%n", seed, seed);
    rnd = new SplittableRandom(seed);
    root = Files.createDirectories(base.resolve("home"));
    Files.createDirectories(root.resolve("sentinels"));
    populate();
    agent =
        new AgentProcess(
            base,
            "roots: [" + root + "]\nsettle: " + SETTLE.toMillis() + "ms",
            "scan:\n  checkpoint-every: 1s\n",
            List.of());
    journal = new NewestRecords(agent.data.resolve("journal"), root);
    long t0 = System.nanoTime();
    warmUpJournalReading();
    agent.launch(); // its initial scan records every file: iteration 1 kills it in the middle
    for (int i = 1; i <= ITERATIONS; i++) {
      iteration(i);
    }
    agent.sigterm();
    checkLogs();
    NewestRecords again = new NewestRecords(agent.data.resolve("journal"), root);
    again.catchUp();
    assertThat(again.live()).as("the whole journal read once more").isEqualTo(journal.live());
    System.out.println("AgentKilledDuringBurstIT: warnings logged: " + warnings());
    System.out.printf(
        "AgentKilledDuringBurstIT: %d iterations x %d saves, %d records, %d agent starts, %.1f s%n",
        ITERATIONS, SAVES, journal.count(), agent.starts(), (System.nanoTime() - t0) / 1e9);
  }

  /** Files that exist before the agent's first start, in the first 16 of the folders. */
  private void populate() throws IOException {
    byte[] bytes = new byte[8192];
    for (int n = 0; n < INITIAL_FILES; ) {
      int i = rnd.nextInt(NAMES);
      Path p = root.resolve(BurstWriter.name(i));
      if (i % BurstWriter.FOLDERS >= 16 || Files.exists(p)) {
        continue;
      }
      rnd.nextBytes(bytes);
      Files.createDirectories(p.getParent());
      try (OutputStream out = Files.newOutputStream(p, StandardOpenOption.CREATE_NEW)) {
        out.write(bytes, 0, rnd.nextInt(bytes.length));
      }
      n++;
    }
  }

  /** What the journal described exactly when an agent was started, and its last index then. */
  private record AtStart(long mark, Set<String> described) {}

  private void iteration(int i) throws Exception {
    Laps laps = new Laps();
    int killAt =
        switch (i == 1 ? -1 : rnd.nextInt(5)) {
          case -1 -> killDuringInitialScan(); // then the whole burst while it is down
          case 0 -> rnd.nextInt(50); // very early
          case 1 -> SAVES - 1 - rnd.nextInt(200); // near the end
          default -> rnd.nextInt(SAVES);
        };
    String burst = burst(i, killAt);
    assertThat(agent.process().waitFor(30, TimeUnit.SECONDS)).as("agent killed").isTrue();
    laps.lap("burst");
    String phases = stateAtKill();
    if (rnd.nextInt(4) == 0) {
      tearJournalTail();
      phases += ", then a torn journal tail";
    }
    TreeState tree = TreeState.of(root);
    List<AtStart> starts = new ArrayList<>(List.of(atStart(tree)));
    long recordsAtKill = journal.count();
    journal.countFrom(starts.get(0).mark());
    if (rnd.nextInt(3) == 0) {
      phases += "; " + killWhileStarting();
      starts.add(atStart(tree));
    }
    start();
    laps.lap("restart");
    TreeState expected = awaitAllRecorded(i, tree, starts.get(0).mark(), laps);
    check(i, expected, starts);
    laps.lap("checks");
    System.out.printf(
        "iteration %2d: kill -9 %s (%s); %s; %d files, %d described exactly at the"
            + " kill, %d records after it, %d paths named twice or more after it; writer: %s%n",
        i,
        killAt < 0 ? "during the initial scan" : "before save " + killAt,
        phases,
        laps,
        expected.files.size(),
        starts.get(0).described().size(),
        journal.count() - recordsAtKill,
        journal.namedTwiceSinceCount(),
        burst.strip());
  }

  /**
   * Kills the first start once its initial scan has recorded a random number of the files there
   * were; returns -1, the writer's kill point for "no kill".
   */
  private int killDuringInitialScan() throws Exception {
    int records = 1 + rnd.nextInt(INITIAL_FILES - 1);
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    // One view kept open sees appends as they land: the kill follows the scan within a few ms.
    try (JournalView view = openWhenCreated(agent.data.resolve("journal"), deadline);
        JournalReader r = view.readFrom(-1)) {
      for (int seen = 0; seen < records && System.nanoTime() < deadline; ) {
        if (r.next().isPresent()) {
          seen++;
        } else {
          Thread.sleep(1);
        }
      }
    }
    agent.kill9();
    return -1;
  }

  /** The journal the starting agent is creating, as soon as it can be read. */
  private JournalView openWhenCreated(Path dir, long deadline) throws Exception {
    while (true) {
      try {
        return JournalView.open(dir);
      } catch (IOException | RuntimeException notYet) {
        if (System.nanoTime() > deadline || !agent.process().isAlive()) {
          throw new AssertionError(
              "no journal in " + dir + "; log:\n" + Files.readString(agent.log()));
        }
        Thread.sleep(1);
      }
    }
  }

  /**
   * Loads Chronicle in this JVM before the first start: its first use takes longer than the initial
   * scan that {@link #killDuringInitialScan} must catch in the middle.
   */
  private void warmUpJournalReading() throws IOException {
    Path dir = base.resolve("warm-up-journal");
    BackupCache.open(dir).close();
    try (JournalView view = JournalView.open(dir);
        JournalReader r = view.readFrom(-1)) {
      assertThat(r.next()).isEmpty();
    }
  }

  private AtStart atStart(TreeState tree) throws IOException {
    journal.catchUp();
    return new AtStart(journal.lastIndex(), tree.describedExactly(journal));
  }

  /** Starts the agent and kills it at a random moment of its start: JVM, load, replay, scan. */
  private String killWhileStarting() throws Exception {
    long delay = rnd.nextLong(lastStartMs + 500);
    agent.launch();
    Thread.sleep(delay);
    agent.kill9();
    return String.format("a restart killed after %d ms, at: %s", delay, lastWords(agent.log()));
  }

  /**
   * Waits until the journal describes {@code tree} and the restart has recorded all it will: a
   * sentinel saved after the restart is recorded and the journal agrees with the tree; every check
   * the restart scheduled is then due within the settle time, so a second sentinel saved after that
   * time, recorded after all of them, closes the restart's records. Returns the tree with both.
   */
  private TreeState awaitAllRecorded(int i, TreeState tree, long mark, Laps laps) throws Exception {
    String first = "sentinels/s" + i + "a.dat";
    TreeState expected = saveSentinel(tree, first);
    awaitAgreement(expected, first, mark);
    laps.lap("agreement");
    Thread.sleep(SETTLE.toMillis() + 100);
    String last = "sentinels/s" + i + "b.dat";
    expected = saveSentinel(expected, last);
    awaitAgreement(expected, last, mark);
    laps.lap("barrier");
    return expected;
  }

  /** (a) to (e) once the restart has recorded all it will. */
  private void check(int i, TreeState expected, List<AtStart> starts) throws IOException {
    TreeState now = TreeState.of(root);
    assertThat(now.files).as("the tree is still").isEqualTo(expected.files);
    assertThat(now.disagreements(journal)).as("(a), (b) iteration %d", i).isEmpty();
    assertThat(now.contentDisagreements(journal)).as("(a) content, iteration %d", i).isEmpty();
    List<String> recordedAgain = new ArrayList<>();
    for (AtStart s : starts) {
      for (String p : new TreeSet<>(s.described())) {
        if (journal.lastNamed(p) > s.mark()) {
          recordedAgain.add(p + ": " + TreeState.describe(journal.live(p)));
        }
      }
    }
    assertThat(recordedAgain)
        .as("(c) files the journal described exactly at a restart recorded again, iteration %d", i)
        .isEmpty();
    checkLogs(); // (d) is checked by every read of the journal
  }

  /** Times the phases of an iteration. */
  private static final class Laps {
    private final StringBuilder out = new StringBuilder();
    private long since = System.nanoTime();

    void lap(String phase) {
      long now = System.nanoTime();
      out.append(out.length() == 0 ? "" : ", ")
          .append(String.format("%s %.1f s", phase, (now - since) / 1e9));
      since = now;
    }

    @Override
    public String toString() {
      return out.toString();
    }
  }

  private void start() throws Exception {
    long t = System.nanoTime();
    agent.start();
    lastStartMs = (System.nanoTime() - t) / 1_000_000;
  }

  /** Runs the writer to its end; it kills the agent before save {@code killAt} (none if -1). */
  private String burst(int i, int killAt) throws Exception {
    Path out = base.resolve("writer-" + i + ".log");
    Process w =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                testClasses(),
                BurstWriter.class.getName(),
                root.toString(),
                Long.toString(rnd.nextLong()),
                Integer.toString(SAVES),
                Integer.toString(NAMES),
                Integer.toString(killAt),
                Long.toString(agent.process().pid()))
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    assertThat(w.waitFor(5, TimeUnit.MINUTES)).as("writer done").isTrue();
    String said = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(w.exitValue()).as("writer: %s", said).isZero();
    assertThat(said).as("writer").contains(killAt < 0 ? ": not sent" : ": sent");
    return said;
  }

  private static String testClasses() throws URISyntaxException {
    return Path.of(BurstWriter.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .toString();
  }

  /** Leaves the journal as a kill inside an append would ({@link TornJournalTail}). */
  private void tearJournalTail() throws Exception {
    Path out = base.resolve("torn-tail.log");
    Process p =
        new ProcessBuilder(TornJournalTail.command(agent.data.resolve("journal")))
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).as("torn tail written").isTrue();
    assertThat(p.exitValue()).as("%s", Files.readString(out)).isEqualTo(137);
  }

  /** Saves a sentinel file by rename (it never existed); {@code tree} with it. */
  private TreeState saveSentinel(TreeState tree, String path) throws IOException {
    Path tmp = root.resolve(path + ".tmp");
    Files.writeString(tmp, path);
    Files.move(tmp, root.resolve(path), StandardCopyOption.ATOMIC_MOVE);
    return tree.with(path);
  }

  /** Waits until {@code sentinel} is recorded and the journal agrees with {@code expected}. */
  private void awaitAgreement(TreeState expected, String sentinel, long mark) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    List<String> problems;
    do {
      if (!agent.process().isAlive()) {
        throw new AssertionError("agent exited; log:\n" + Files.readString(agent.log()));
      }
      journal.catchUp();
      problems = expected.disagreements(journal);
      if (problems.isEmpty() && journal.lastNamed(sentinel) > mark) {
        return;
      }
      Thread.sleep(50);
    } while (System.nanoTime() < deadline);
    throw new AssertionError(
        "the journal never agreed with the tree ("
            + problems.size()
            + " disagreements); first ones:\n"
            + String.join("\n", problems.subList(0, Math.min(20, problems.size()))));
  }

  /** (e): no run of the agent logged an error; logs of runs still going are read again later. */
  private void checkLogs() throws IOException {
    for (int run = logsChecked + 1; run <= agent.starts(); run++) {
      List<String> errors =
          Files.readAllLines(agent.log(run), StandardCharsets.UTF_8).stream()
              .filter(l -> ERROR_LINE.matcher(l).find())
              .toList();
      assertThat(errors).as("errors in %s", agent.log(run)).isEmpty();
    }
    logsChecked = agent.starts() - 1;
  }

  /** The kinds of warning the runs logged, with counts (paths and numbers left out). */
  private String warnings() throws IOException {
    Map<String, Integer> kinds = new TreeMap<>();
    for (int run = 1; run <= agent.starts(); run++) {
      for (String l : Files.readAllLines(agent.log(run), StandardCharsets.UTF_8)) {
        if (l.contains(" WARN")) {
          String kind = l.substring(l.indexOf(' ') + 1).replaceAll("/\\S*|\\d+", "_");
          kinds.merge(kind.substring(0, Math.min(100, kind.length())), 1, Integer::sum);
        }
      }
    }
    return kinds.toString();
  }

  /** What the killed agent left in its state folder: scan marker, checkpoints, one half-written. */
  private String stateAtKill() throws IOException {
    Path state = agent.data.resolve("agent");
    List<String> names;
    try (Stream<Path> s = Files.list(state)) {
      names = s.map(p -> p.getFileName().toString()).toList();
    }
    return String.format(
        "initial scan %s, %d checkpoints%s",
        names.contains(HostMonitor.SCANNED_ROOTS) ? "done" : "not done",
        names.stream().filter(n -> n.endsWith(".fsi")).count(),
        names.stream().anyMatch(n -> n.endsWith(".fsi.tmp")) ? ", one being written" : "");
  }

  /** The last thing a killed run logged: how far its start got. */
  private static String lastWords(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    if (lines.isEmpty()) {
      return "nothing logged yet";
    }
    String last = lines.get(lines.size() - 1);
    return last.substring(Math.min(last.length(), last.indexOf(' ') + 1));
  }
}
