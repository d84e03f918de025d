package dev.ferry.monitor.staging;

import static dev.ferry.monitor.staging.Staged.KIB;
import static dev.ferry.monitor.staging.Staged.MIB;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a separate JVM that stages, releases and evicts without pause, at a random instant: on
 * reopen every acknowledged version is whole and verified, nothing unacknowledged reads as wrong
 * bytes, no temp file survives and the store goes on working. 3 stores × 8 kills, the third with a
 * quota tight enough that commits evict.
 */
class KilledWriterTest {
  static final String[] PATHS = {"a.txt", "dir/b.doc", "dir/sub/c.xlsx"};

  @TempDir Path tmp;

  /** What the parent knows of one store from the children's acknowledgements. */
  private static final class Expected {

    final Map<Long, String> committed = new HashMap<>();
    final Map<String, Set<String>> attempted = new HashMap<>();
    final Map<String, Long> newest = new HashMap<>();
    final Set<Long> released = new HashSet<>(); // release called, whether it returned or not
  }

  @Test
  void aWriterKilledAtRandomInstantsLeavesEveryAcknowledgedVersionWholeAndNothingElse()
      throws Exception {
    SplittableRandom r = new SplittableRandom(20261201);
    for (int store = 0; store < 3; store++) {
      Path dir = tmp.resolve("store" + store);
      long quota = store == 2 ? 3 * MIB : 1L << 40;
      Expected e = new Expected();
      int afterCommits = 0;
      for (int kill = 0; kill < 8; kill++) {
        // Mostly: after 1-6 acknowledged commits plus 0-40 ms, so the kill lands inside the
        // operations that follow whatever the machine's load. Sometimes: 50-400 ms after the
        // start, which may land in JVM start-up or in the store's recovery on open.
        int commits = r.nextInt(4) == 0 ? 0 : 1 + r.nextInt(6);
        int delayMs = commits == 0 ? 50 + r.nextInt(350) : r.nextInt(40);
        runAndKill(dir, quota, r.nextLong(), commits, delayMs, e);
        check(dir, quota, e, store == 2);
        afterCommits += commits > 0 ? 1 : 0;
      }
      System.out.printf(
          "store %d: %d commits acknowledged, %d releases over 8 kills%n",
          store, e.committed.size(), e.released.size());
      assertThat(e.committed.size()).as("the children got work done").isGreaterThan(afterCommits);
    }
  }

  private void runAndKill(Path dir, long quota, long seed, int commits, int delayMs, Expected e)
      throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Child.class.getName());
    cmd.add(dir.toString());
    cmd.add(Long.toString(quota));
    cmd.add(Long.toString(seed));
    cmd.add(Files.createDirectories(tmp.resolve("scratch")).toString());
    Path err = tmp.resolve("child.err");
    Process child =
        new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.to(err.toFile())).start();
    Thread timer = null;
    if (commits == 0) {
      timer = new Thread(() -> killAfter(child, delayMs));
      timer.start();
    }
    int acknowledged = 0;
    boolean killed = commits == 0;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        String[] f = line.split(" ");
        switch (f[0]) {
          case "STAGING" -> e.attempted.computeIfAbsent(f[1], k -> new HashSet<>()).add(f[2]);
          case "COMMITTED" -> {
            e.committed.put(Long.parseLong(f[1]), f[3]);
            e.newest.put(f[2], Long.parseLong(f[1]));
            if (!killed && ++acknowledged == commits) {
              killAfter(child, delayMs); // lines already in the pipe are acknowledged anyway
              killed = true;
            }
          }
            // Released or perhaps released: kill -9 may land after the rename, before the answer.
          case "RELEASING" -> e.released.add(Long.parseLong(f[1]));
          default -> {}
        }
      }
    } finally {
      if (timer != null) {
        timer.join();
      }
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(killed).as("child stderr: %s", Files.readString(err)).isTrue();
    assertThat(child.exitValue()).as("stderr: %s", Files.readString(err)).isEqualTo(137);
  }

  /** kill -9 itself, not Process.destroyForcibly, which would also close our end of the pipe. */
  private static void killAfter(Process child, int delayMs) {
    try {
      Thread.sleep(delayMs);
      new ProcessBuilder("kill", "-9", Long.toString(child.pid())).start().waitFor();
    } catch (IOException | InterruptedException ex) {
      throw new IllegalStateException(ex);
    }
  }

  private static void check(Path dir, long quota, Expected e, boolean evicting) throws Exception {
    try (StagingStore s = StagingStore.open(dir, quota)) {
      try (Stream<Path> files = Files.list(dir.resolve("packs"))) {
        assertThat(files).noneMatch(f -> f.toString().endsWith(".tmp"));
      }
      assertThat(s.usage().damagedFiles()).isZero();
      assertThat(s.usage().usedBytes()).isLessThanOrEqualTo(quota);
      for (Map.Entry<Long, String> c : e.committed.entrySet()) {
        boolean mustBeThere = !evicting && !e.released.contains(c.getKey());
        if (mustBeThere || s.open(c.getKey()).isPresent()) {
          assertThat(sha(Staged.read(s, c.getKey())))
              .as("stage %d", c.getKey())
              .isEqualTo(c.getValue());
        }
      }
      for (Map.Entry<String, Long> n : e.newest.entrySet()) {
        if (!e.released.contains(n.getValue())) { // a released newest is a base: evictable
          assertThat(s.open(n.getValue())).as("newest of %s", n.getKey()).isPresent();
        }
      }
      for (String p : PATHS) {
        for (long id : s.versions(Staged.ROOT, p)) {
          assertThat(e.attempted.get(p))
              .as("stage %d of %s", id, p)
              .contains(sha(Staged.read(s, id)));
        }
      }
    }
  }

  static String sha(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  /** The child JVM: stages, releases and (under a tight quota) evicts until killed. */
  static final class Child {
    private Child() {}

    public static void main(String[] args) throws Exception {
      Path dir = Path.of(args[0]);
      SplittableRandom r = new SplittableRandom(Long.parseLong(args[2]));
      Path scratch = Path.of(args[3]);
      Map<String, byte[]> current = new HashMap<>();
      for (String p : PATHS) {
        current.put(p, Staged.random(r.nextLong(), 64 * KIB + r.nextInt(512 * KIB)));
      }
      try (StagingStore s = StagingStore.open(dir, Long.parseLong(args[1]))) {
        while (true) {
          String p = PATHS[r.nextInt(PATHS.length)];
          byte[] cur = current.get(p);
          byte[] next =
              r.nextInt(4) == 0
                  ? Staged.random(r.nextLong(), 64 * KIB + r.nextInt(512 * KIB))
                  : Staged.edited(cur, r.nextInt(cur.length - 100), 50, r.nextLong());
          current.put(p, next);
          String sha = sha(next);
          System.out.println("STAGING " + p + " " + sha);
          try {
            long id = Staged.stage(s, scratch, p, next);
            System.out.println("COMMITTED " + id + " " + p + " " + sha);
          } catch (StagingQuotaExceededException e) {
            System.out.println("REFUSED " + p);
          }
          if (r.nextInt(3) == 0) {
            List<Long> ids = s.versions(Staged.ROOT, p);
            long id = ids.isEmpty() ? 0 : ids.get(r.nextInt(ids.size()));
            if (id > 0) {
              System.out.println("RELEASING " + id);
              s.release(id);
            }
          }
        }
      }
    }
  }
}
