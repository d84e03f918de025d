package dev.ferry.target;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.target.ExpectedSnapshots.Content;
import dev.ferry.target.PowerLossFs.DirChanges;
import dev.ferry.target.PowerLossFs.Image;
import dev.ferry.target.disk.DiskOptions;
import dev.ferry.target.index.IndexLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One run of the power-loss simulation: one to three epochs, each opening the target through a
 * {@link PowerLossFs} (so recovery itself can be cut), doing a random mix of steps until the power
 * goes at a random operation, and leaving a crash image the next epoch starts from. Then the last
 * image is opened for real and checked. All randomness comes from the seed.
 *
 * <p>Steps: a copy (a new snapshot from the newest one, with files new, changed, deleted and shared
 * with other files, so chunks dedupe), a retry (the newest id, or the one a cut interrupted,
 * committed again, as a drain does after a failed catalog commit: rule 4), an aborted writer
 * (chunks stored, no commit), a forget of older snapshots, a prune (with a random repack
 * threshold), and a reopen (recovery again).
 */
final class PowerLossRun {
  /** Small chunks and containers: several containers per commit from a few KiB. */
  static final int CHUNK = 256;

  static final int CONTAINER_LIMIT = 700;

  /**
   * The cut falls uniformly among this many operations; an epoch does fewer about half the time.
   */
  static final int MAX_CUT = 120;

  private record Retry(long id, OptionalLong parent) {}

  private final Random rnd;
  private final Random ids;
  private final Path runDir;
  private final PowerLossStats stats;
  private final ExpectedSnapshots expected = new ExpectedSnapshots();
  private long nextId = 1;
  private int nextFile;
  private Retry interrupted;
  private DiskTarget target;

  PowerLossRun(long seed, Path runDir, PowerLossStats stats) {
    this.rnd = new Random(seed);
    this.ids = new Random(~seed); // container ids: seeded too, so a run repeats exactly
    this.runDir = runDir;
    this.stats = stats;
  }

  void run() throws IOException {
    Path base = Files.createDirectories(runDir.resolve("e0"));
    int epochs = 1 + rnd.nextInt(3);
    for (int e = 0; e < epochs; e++) {
      PowerLossFs fs = PowerLossFs.over(base);
      int cut = 1 + rnd.nextInt(MAX_CUT);
      fs.cutAt(cut);
      if (rnd.nextInt(3) == 0) {
        fs.failAt(1 + rnd.nextInt(cut));
      }
      try {
        epoch(fs, base.resolve("t"));
      } catch (IOException | RuntimeException ex) {
        if (!fs.isOff() && !fs.takeFault()) {
          throw ex;
        }
      }
      DirChanges kept = rnd.nextBoolean() ? DirChanges.SOME : DirChanges.NONE;
      Image img = fs.crashImage(runDir.resolve("e" + (e + 1)), rnd, kept);
      stats.image(fs.isOff(), img);
      deleteTree(base);
      base = img.dir();
    }
    finalCheck(base.resolve("t"));
    deleteTree(runDir);
  }

  private void epoch(PowerLossFs fs, Path dir) throws IOException {
    DiskOptions options = new DiskOptions(fs, CONTAINER_LIMIT, this::containerId);
    target = DiskTarget.openOrCreate(dir, options);
    try {
      expected.check(target, true);
      if (interrupted != null && expected.usable(interrupted.parent()) && rnd.nextInt(10) < 7) {
        retry(interrupted.id(), interrupted.parent());
      }
      for (int steps = 2 + rnd.nextInt(4); steps > 0; steps--) {
        try {
          step(dir, options);
        } catch (IOException | RuntimeException ex) {
          if (fs.isOff() || !fs.takeFault()) {
            throw ex;
          }
          // An I/O error with the power on: the step is given up, as a drain gives up, and the
          // process goes on with the target opened again.
          stats.faultSurvived();
          target.close();
          target = DiskTarget.open(dir, options);
          expected.check(target, false);
        }
      }
    } finally {
      target.close();
    }
  }

  private void step(Path dir, DiskOptions options) throws IOException {
    int k = rnd.nextInt(100);
    Optional<Long> newest = expected.newest();
    // A retry needs the parent its first attempt named; a forget may have taken it since.
    boolean canRetry = newest.isPresent() && expected.usable(expected.parentOf(newest.get()));
    if (k < 50 || !canRetry) {
      commit(nextId++, expected.latestRequired(), false);
    } else if (k < 70) {
      retry(newest.get(), expected.parentOf(newest.get()));
    } else if (k < 80) {
      abort();
    } else if (k < 88) {
      forget();
    } else if (k < 94) {
      PruneReport r = target.prune(rnd.nextInt(101));
      stats.pruned(r.chunksRemoved() > 0 || r.containersDeleted() > 0);
    } else {
      target.close();
      target = DiskTarget.open(dir, options);
      expected.check(target, false);
    }
  }

  private String containerId() {
    byte[] b = new byte[16];
    ids.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private void retry(long id, OptionalLong parent) throws IOException {
    commit(id, parent, true);
  }

  private void commit(long id, OptionalLong parent, boolean retry) throws IOException {
    Content start = parent.isPresent() ? expected.content(parent.getAsLong()) : new Content();
    Content next = new Content(start);
    List<String> written = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    mutate(next, written, removed);
    expected.starting(id, parent, next);
    interrupted = new Retry(id, parent);
    try (SnapshotWriter w = target.newSnapshot(id, "h", parent)) {
      for (String p : written) {
        Fixtures.put(w, p, next.get(p), CHUNK, 0644);
      }
      for (String p : removed) {
        w.removeFile(p);
      }
      w.commit();
    }
    expected.committed(id, next);
    interrupted = null;
    stats.committed(retry);
  }

  /** New files, changed ones (some chunks kept), deleted ones, and copies (every chunk shared). */
  private void mutate(Content c, List<String> written, List<String> removed) {
    for (int n = c.isEmpty() ? 1 + rnd.nextInt(3) : rnd.nextInt(3); n > 0; n--) {
      String p = "d" + rnd.nextInt(3) + "/f" + nextFile++;
      c.put(p, randomBytes(rnd.nextInt(1500)));
      written.add(p);
    }
    List<String> paths = new ArrayList<>(c.keySet());
    for (int n = rnd.nextInt(3); n > 0; n--) {
      String p = paths.get(rnd.nextInt(paths.size()));
      c.put(p, changed(c.get(p)));
      written.add(p);
    }
    if (rnd.nextInt(3) == 0) {
      String p = paths.get(rnd.nextInt(paths.size()));
      String copy = "shared/f" + nextFile++;
      c.put(copy, c.get(p).clone());
      written.add(copy);
    }
    if (rnd.nextInt(3) == 0) {
      String p = paths.get(rnd.nextInt(paths.size()));
      c.remove(p);
      written.removeIf(p::equals);
      removed.add(p);
    }
  }

  private byte[] changed(byte[] old) {
    if (old.length == 0 || rnd.nextBoolean()) {
      byte[] tail = randomBytes(1 + rnd.nextInt(300));
      byte[] b = new byte[old.length + tail.length];
      System.arraycopy(old, 0, b, 0, old.length);
      System.arraycopy(tail, 0, b, old.length, tail.length);
      return b;
    }
    byte[] b = old.clone();
    b[rnd.nextInt(b.length)] ^= 0x5a;
    return b;
  }

  private byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    rnd.nextBytes(b);
    return b;
  }

  /**
   * Forgets one or two snapshots the target may forget and the run does not build on: not the
   * newest (by id or time), not a parent a later copy or retry names.
   */
  private void forget() throws IOException {
    List<SnapshotInfo> listed = target.snapshots();
    if (listed.isEmpty()) {
      return;
    }
    Set<Long> keep = new HashSet<>();
    keep.add(listed.get(listed.size() - 1).id());
    keep.add(
        listed.stream()
            .max(Comparator.comparing(SnapshotInfo::createdAt).thenComparing(SnapshotInfo::id))
            .orElseThrow()
            .id());
    expected.latestRequired().ifPresent(keep::add);
    expected.newest().ifPresent(id -> expected.parentOf(id).ifPresent(keep::add));
    if (interrupted != null) {
      keep.add(interrupted.id());
      interrupted.parent().ifPresent(keep::add);
    }
    Set<Long> there = new HashSet<>();
    listed.forEach(s -> there.add(s.id()));
    List<Long> may = new ArrayList<>(expected.requiredIds());
    may.removeIf(id -> keep.contains(id) || !there.contains(id));
    may.sort(null);
    if (may.isEmpty()) {
      return;
    }
    List<Long> ids = new ArrayList<>();
    for (int n = 1 + rnd.nextInt(2); n > 0 && !may.isEmpty(); n--) {
      ids.add(may.remove(rnd.nextInt(may.size())));
    }
    expected.forgetting(ids);
    target.forget(ids);
    expected.forgot(ids);
    stats.forgot(ids.size());
  }

  /** A writer that stores chunks, perhaps seals containers, and is closed without a commit. */
  private void abort() throws IOException {
    try (SnapshotWriter w = target.newSnapshot(nextId, "h", expected.latestRequired())) {
      for (int n = 1 + rnd.nextInt(3); n > 0; n--) {
        Fixtures.put(w, "aborted/f" + nextFile++, randomBytes(rnd.nextInt(1500)), CHUNK, 0644);
      }
    }
    stats.aborted();
  }

  /** Recovery for real, then every promise checked. */
  private void finalCheck(Path dir) throws IOException {
    stats.beforeRecovery(temps(dir).size());
    try (DiskTarget t = DiskTarget.openOrCreate(dir)) {
      assertThat(temps(dir)).as("temp files after recovery").isEmpty();
      var loaded = IndexLoader.load(dir.resolve("index"));
      assertThat(loaded.failures()).as("index files that fail to load").isEmpty();
      for (Path c : CrashRecoveryTest.containers(dir)) {
        assertThat(loaded.index().coversContainer(c.getFileName().toString()))
            .as("container %s is named by an index", c.getFileName())
            .isTrue();
      }
      expected.check(t, true);
      VerifyReport report = t.verify(true);
      assertThat(report.damages()).as("verify damages").isEmpty();
      assertThat(report.ok()).isTrue();
      OptionalLong latest = expected.latestRequired();
      if (latest.isPresent()) {
        assertRestores(t, latest.getAsLong());
      }
      stats.survived(expected.requiredIds().size());
      long id = nextId++;
      byte[] after = randomBytes(2000);
      try (SnapshotWriter w = t.newSnapshot(id, "h", latest)) {
        Fixtures.put(w, "after-recovery", after, CHUNK, 0644);
        w.commit();
      }
      FileEntry e =
          t.readSnapshot(id).entries().stream()
              .filter(f -> f.path().equals("after-recovery"))
              .findFirst()
              .orElseThrow();
      assertThat(Fixtures.read(t, e)).isEqualTo(after);
      assertThat(t.verify(false).ok()).isTrue();
    }
  }

  private void assertRestores(DiskTarget t, long id) throws IOException {
    Path out = runDir.resolve("restored-" + id);
    assertThat(t.restore(id, null, out).failures()).isEmpty();
    Content restored = new Content();
    try (Stream<Path> s = Files.walk(out)) {
      for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
        restored.put(out.relativize(p).toString(), Files.readAllBytes(p));
      }
    }
    assertThat(restored.sameAs(expected.content(id)))
        .as("snapshot %d restores byte-exact", id)
        .isTrue();
  }

  private static List<Path> temps(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
