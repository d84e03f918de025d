package dev.ferry.target;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.target.memory.MemoryTarget;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A caller that copies as a drain does, against a target failing at each operation in turn, before
 * or after it runs: every snapshot whose commit returned reads back exactly, the failed one is
 * absent or whole (a commit that ran but reported failure), and the next writer starts and commits
 * as if nothing happened. For every target implementation; the disk target is also reopened from
 * its folder.
 */
class FaultInjectingTargetTest {
  /**
   * Operations in {@link #workload}: 4 snapshots of newSnapshot, 3 files of 2, a remove, commit.
   */
  private static final int OPS = 4 * (1 + 3 * 2 + 1 + 1);

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"memory", "disk"})
  void aFaultAtAnyOperationLosesNoCommittedSnapshotAndLeavesTheTargetUsable(String kind)
      throws IOException {
    for (boolean after : new boolean[] {false, true}) {
      for (int failAt = 1; failAt <= OPS; failAt++) {
        Path folder = dir.resolve(kind + "-" + after + "-" + failAt);
        Target inner =
            kind.equals("memory") ? new MemoryTarget("faults") : DiskTarget.openOrCreate(folder);
        Map<Long, Map<String, String>> committed = new HashMap<>();
        Map<String, String> attempted;
        long failedId = -1;
        try (Target t = new FaultInjectingTarget(inner, failAt, after)) {
          attempted = workload(t, committed);
          if (attempted != null) {
            failedId = committed.size() + 1L;
          }
          check(t, committed, failedId, attempted);
          if (kind.equals("disk")) {
            t.close();
            try (DiskTarget reopened = DiskTarget.open(folder)) {
              check(reopened, committed, failedId, attempted);
              assertThat(reopened.verify(true).ok()).isTrue();
            }
          }
        }
      }
    }
  }

  /**
   * Four child snapshots, each changing three files and removing one; stops at the first fault.
   *
   * @return the entries the failed snapshot would have held, or null if none failed
   */
  private static Map<String, String> workload(Target t, Map<Long, Map<String, String>> committed) {
    TreeMap<String, String> model = new TreeMap<>(PathOrder.COMPARATOR);
    for (long id = 1; id <= 4; id++) {
      TreeMap<String, String> next = new TreeMap<>(model);
      OptionalLong parent = id == 1 ? OptionalLong.empty() : OptionalLong.of(id - 1);
      try (SnapshotWriter w = t.newSnapshot(id, "h", parent)) {
        for (int f = 0; f < 3; f++) {
          String path = "d/f" + ((id * 3 + f) % 7);
          next.put(path, "v" + id + " of " + path);
          Fixtures.put(w, path, next.get(path).getBytes(StandardCharsets.UTF_8));
        }
        String gone = "d/f" + ((id * 5) % 7);
        next.remove(gone);
        w.removeFile(gone);
        w.commit();
      } catch (FaultInjectingTarget.InjectedFault expected) {
        return next;
      } catch (IOException e) {
        throw new AssertionError("a real failure, not the injected one", e);
      }
      committed.put(id, next);
      model = next;
    }
    return null;
  }

  private static void check(
      Target t, Map<Long, Map<String, String>> committed, long failedId, Map<String, String> failed)
      throws IOException {
    for (Map.Entry<Long, Map<String, String>> c : committed.entrySet()) {
      assertThat(contents(t, c.getKey())).isEqualTo(c.getValue());
    }
    boolean failedIsThere = t.snapshots().stream().anyMatch(s -> s.id() == failedId);
    if (failedIsThere) {
      assertThat(contents(t, failedId)).isEqualTo(failed);
    }
    // The next writer starts: no lock or half-written state was left behind.
    long next = 100 + failedId;
    try (SnapshotWriter w = t.newSnapshot(next, "h", OptionalLong.empty())) {
      Fixtures.put(w, "after", "fine".getBytes(StandardCharsets.UTF_8));
      w.commit();
    } catch (FaultInjectingTarget.InjectedFault notAgain) {
      throw new AssertionError("only one fault is injected", notAgain);
    }
    assertThat(contents(t, next)).containsEntry("after", "fine");
  }

  private static Map<String, String> contents(Target t, long id) throws IOException {
    Map<String, String> m = new TreeMap<>();
    for (FileEntry e : t.readSnapshot(id).entries()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      t.readFile(e, out);
      m.put(e.path(), out.toString(StandardCharsets.UTF_8));
    }
    return m;
  }
}
