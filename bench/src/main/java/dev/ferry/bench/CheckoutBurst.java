package dev.ferry.bench;

import dev.ferry.monitor.journal.ChangeKind;
import dev.ferry.monitor.journal.ChangeRecord;
import dev.ferry.monitor.journal.JournalEntry;
import dev.ferry.monitor.journal.JournalReader;
import dev.ferry.monitor.journal.JournalView;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A version-control checkout touching every file of a 20,000-file working tree, under a running
 * {@code ferry agent}: how fast the agent records the saves, that it loses none, and what it costs
 * the workstation (RSS, CPU when idle).
 *
 * <p>Usage: {@code CheckoutBurst WORK_DIR FERRY_LAUNCHER [--files N] [--settle-seconds S]
 * [--idle-seconds S]}: idle CPU is measured over {@code --idle-seconds} (60) starting {@code
 * --settle-seconds} (60) after the burst was recorded. The launcher is run as {@code FERRY_LAUNCHER
 * agent --config ...}. Prints: git's own time for the checkout (the reference), the time from the
 * checkout's start to the last record, records/s and its ratio to git's files/s, lost saves (must
 * be 0), the agent JVM's RSS and peak RSS, and its CPU use over an idle minute. Exit 1 if any save
 * is lost.
 */
public final class CheckoutBurst {
  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    Path launcher = Path.of(args[1]);
    int files = 20_000;
    int idleSeconds = 60;
    int settleSeconds = 60;
    for (int i = 2; i < args.length; i += 2) {
      switch (args[i]) {
        case "--files" -> files = Integer.parseInt(args[i + 1]);
        case "--idle-seconds" -> idleSeconds = Integer.parseInt(args[i + 1]);
        case "--settle-seconds" -> settleSeconds = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Path home = Files.createDirectories(work.resolve("home"));
    Path repo = Files.createDirectories(home.resolve("repo"));
    System.out.printf("== a git repository with %,d files in %s%n", files, repo);
    makeRepo(repo, files);

    Path data = work.resolve("data");
    Path policies = Files.createDirectories(work.resolve("policies"));
    Files.writeString(
        policies.resolve("home.yaml"),
        "roots: [" + home + "]\nexclude: ['.git']\ntargets: [bench]\n");
    Path config =
        Files.writeString(
            work.resolve("agent.yaml"),
            "host-id: bench\ndata: " + data + "\npolicies: " + policies + "\n");
    Process agent =
        new ProcessBuilder(launcher.toString(), "agent", "--config", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("agent.log").toFile())
            .start();
    try {
      long initial = awaitQuiet(data, agent, 3_000, 600_000);
      System.out.printf("initial scan: %,d records%n", initial);
      long before = lastIndex(data);

      System.out.println("== git checkout of the branch that changes every file");
      long t0 = System.nanoTime();
      run(repo, "git", "checkout", "-q", "edited");
      long gitMs = (System.nanoTime() - t0) / 1_000_000;
      awaitQuiet(data, agent, 10_000, 600_000);
      List<JournalEntry> after = entriesAfter(data, before);
      long lastAppendMs = lastRecordMs(after, t0);
      int lost = lostSaves(home, data);
      double recordsPerSec = after.size() / (lastAppendMs / 1000.0);
      double gitFilesPerSec = files / (gitMs / 1000.0);
      System.out.printf("git checkout (reference): %d ms, %,.0f files/s%n", gitMs, gitFilesPerSec);
      System.out.printf(
          "agent: %,d records, the last %d ms after the checkout started (settle 2s included):"
              + " %,.0f records/s (%.2f x git's files/s)%n",
          after.size(), lastAppendMs, recordsPerSec, recordsPerSec / gitFilesPerSec);
      System.out.printf("lost saves: %d%n", lost);
      Map<String, Integer> perPath = new HashMap<>();
      after.forEach(e -> perPath.merge(e.record().path(), 1, Integer::sum));
      perPath.entrySet().stream()
          .filter(e -> e.getValue() > 1 || !e.getKey().startsWith("repo/src/"))
          .limit(10)
          .forEach(
              e -> System.out.printf("  extra: %s recorded %d times%n", e.getKey(), e.getValue()));
      if (System.getenv("BENCH_NMT") != null) {
        run(work, "jcmd", Long.toString(javaPid(agent)), "VM.native_memory", "summary");
      }

      long pid = javaPid(agent);
      System.out.printf("agent RSS after the burst: %s%n", rss(pid));
      // Idle means after the agent has finished the burst's aftermath (JIT compiles, a checkpoint).
      Thread.sleep(settleSeconds * 1000L);
      long cpu0 = cpuTicks(pid);
      Map<String, Long> threads0 = threadTicks(pid);
      long w0 = System.nanoTime();
      Thread.sleep(idleSeconds * 1000L);
      long cpu1 = cpuTicks(pid);
      Map<String, Long> threads1 = threadTicks(pid);
      threads1.forEach(
          (name, t) -> {
            long d = t - threads0.getOrDefault(name, 0L);
            if (d > 0) {
              System.out.printf("  idle ticks: %-32s %d%n", name, d);
            }
          });
      double seconds = (System.nanoTime() - w0) / 1e9;
      System.out.printf(
          "agent CPU while idle for %.0f s (from %d s after the burst): %.2f%% of one core (%d ticks)%n",
          seconds, settleSeconds, 100.0 * (cpu1 - cpu0) / 100.0 / seconds, cpu1 - cpu0);
      System.out.printf("agent RSS after idling: %s%n", rss(pid));
      if (System.getenv("BENCH_GC") != null) {
        run(work, "jcmd", Long.toString(pid), "System.trim_native_heap");
        System.out.printf("agent RSS after a native heap trim: %s%n", rss(pid));
        run(work, "jcmd", Long.toString(pid), "GC.run");
        run(
            work,
            "sh",
            "-c",
            "jcmd " + pid + " GC.class_histogram | head -25; jcmd " + pid + " GC.heap_info");
        Thread.sleep(2000);
        System.out.printf("agent RSS after a full GC: %s%n", rss(pid));
      }
      if (lost != 0) {
        System.exit(1);
      }
    } finally {
      agent.toHandle().descendants().forEach(ProcessHandle::destroy);
      agent.destroy();
      agent.waitFor(60, TimeUnit.SECONDS);
    }
  }

  /**
   * {@code files} small text files in 200 folders, committed on main; branch edited changes all.
   */
  static void makeRepo(Path repo, int files) throws Exception {
    Random rnd = new Random(20261201);
    for (int i = 0; i < files; i++) {
      Path f = repo.resolve("src/d" + (i % 200) + "/f" + i + ".txt");
      Files.createDirectories(f.getParent());
      StringBuilder b = new StringBuilder();
      int lines = 5 + rnd.nextInt(150);
      for (int l = 0; l < lines; l++) {
        b.append("line ")
            .append(l)
            .append(" of file ")
            .append(i)
            .append(' ')
            .append(rnd.nextLong())
            .append('\n');
      }
      Files.writeString(f, b, StandardCharsets.UTF_8);
    }
    run(repo, "git", "init", "-q", "-b", "main");
    run(repo, "git", "-c", "user.email=b@x", "-c", "user.name=bench", "add", "-A");
    run(repo, "git", "-c", "user.email=b@x", "-c", "user.name=bench", "commit", "-q", "-m", "base");
    run(repo, "git", "checkout", "-q", "-b", "edited");
    try (Stream<Path> s = Files.walk(repo.resolve("src"))) {
      for (Path f : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
        Files.writeString(f, "edited on the branch\n", java.nio.file.StandardOpenOption.APPEND);
      }
    }
    run(
        repo,
        "git",
        "-c",
        "user.email=b@x",
        "-c",
        "user.name=bench",
        "commit",
        "-q",
        "-a",
        "-m",
        "edit all");
    run(repo, "git", "checkout", "-q", "main");
  }

  static void run(Path dir, String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).inheritIO().start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed");
    }
  }

  /** Waits until no record was appended for {@code quietMs}; returns the number of records. */
  static long awaitQuiet(Path data, Process agent, long quietMs, long timeoutMs) throws Exception {
    long deadline = System.currentTimeMillis() + timeoutMs;
    long last = -2;
    long since = System.currentTimeMillis();
    while (System.currentTimeMillis() < deadline) {
      if (!agent.isAlive()) {
        throw new IllegalStateException("agent exited " + agent.exitValue());
      }
      long now = Files.isDirectory(data.resolve("journal/")) ? lastIndex(data) : -2;
      if (now != last) {
        last = now;
        since = System.currentTimeMillis();
      } else if (now != -2 && System.currentTimeMillis() - since >= quietMs) {
        return entriesAfter(data, -1).size();
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the agent never went quiet");
  }

  static long lastIndex(Path data) throws IOException {
    if (!Files.exists(data.resolve("journal/metadata.cq4t"))) {
      return -2;
    }
    try (JournalView v = JournalView.open(data.resolve("journal"))) {
      return v.lastIndex();
    }
  }

  static List<JournalEntry> entriesAfter(Path data, long after) throws IOException {
    List<JournalEntry> out = new ArrayList<>();
    try (JournalView v = JournalView.open(data.resolve("journal"));
        JournalReader r = v.readFrom(after)) {
      for (Optional<JournalEntry> e = r.next(); e.isPresent(); e = r.next()) {
        out.add(e.get());
      }
    }
    return out;
  }

  /** Milliseconds from {@code t0} (nanoTime) to the newest record's append (its savedAt). */
  static long lastRecordMs(List<JournalEntry> entries, long t0Nanos) {
    long newest = entries.stream().mapToLong(e -> e.record().savedAtNanos()).max().orElse(0);
    long wallNow = System.currentTimeMillis() * 1_000_000L;
    long elapsedSinceT0 = System.nanoTime() - t0Nanos;
    long t0Wall = wallNow - elapsedSinceT0;
    return (newest - t0Wall) / 1_000_000;
  }

  /** Files whose newest record does not describe them as they are now. */
  static int lostSaves(Path home, Path data) throws IOException {
    Map<String, ChangeRecord> newest = new HashMap<>();
    for (JournalEntry e : entriesAfter(data, -1)) {
      ChangeRecord r = e.record();
      if (r.kind() == ChangeKind.RENAMED) {
        newest.remove(r.renamedFrom());
      }
      newest.put(r.path(), r);
    }
    int lost = 0;
    try (Stream<Path> s = Files.walk(home.resolve("repo/src"))) {
      for (Path f : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
        ChangeRecord r = newest.get(home.relativize(f).toString());
        long mtime =
            ((FileTime) Files.getAttribute(f, "lastModifiedTime", LinkOption.NOFOLLOW_LINKS))
                .to(TimeUnit.NANOSECONDS);
        if (r == null
            || r.kind() == ChangeKind.DELETED
            || r.size() != Files.size(f)
            || r.mtimeNanos() != mtime) {
          lost++;
        }
      }
    }
    return lost;
  }

  /** The agent's JVM: the launcher script's child, or the process itself. */
  static long javaPid(Process launcher) {
    return launcher
        .toHandle()
        .descendants()
        .filter(h -> h.info().command().orElse("").endsWith("java"))
        .findFirst()
        .map(ProcessHandle::pid)
        .orElse(launcher.pid());
  }

  static String rss(long pid) throws IOException {
    Map<String, String> v = new HashMap<>();
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        v.put(line.substring(0, colon), line.substring(colon + 1).strip());
      }
    }
    return v.get("VmRSS")
        + " (peak "
        + v.get("VmHWM")
        + "; anonymous "
        + v.get("RssAnon")
        + ", file-backed "
        + v.get("RssFile")
        + ": the journal's mapped pages and the JVM's"
        + " own code, page cache the kernel can reclaim)";
  }

  /** utime + stime of each thread, by thread name (names repeat: summed). */
  static Map<String, Long> threadTicks(long pid) throws IOException {
    Map<String, Long> out = new HashMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      for (Path t : (Iterable<Path>) tasks::iterator) {
        try {
          String stat = Files.readString(t.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          out.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
        } catch (IOException e) {
          // the thread ended
        }
      }
    }
    return out;
  }

  /** utime + stime of the process, in clock ticks (100 per second on Linux). */
  static long cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }
}
