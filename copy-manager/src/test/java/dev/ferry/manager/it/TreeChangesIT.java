package dev.ferry.manager.it;

import static dev.ferry.monitor.journal.ChangeKind.CREATED;
import static dev.ferry.monitor.journal.ChangeKind.DELETED;
import static dev.ferry.monitor.journal.ChangeKind.MODIFIED;
import static dev.ferry.monitor.journal.ChangeKind.RENAMED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.ferry.monitor.journal.ChangeKind;
import dev.ferry.monitor.journal.ChangeRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Many files at once, against the agent as a real process: a git checkout, folders copied in,
 * renamed, deleted, moved in and out of the root, files renamed. Exactly one record per file that
 * changed, renames as renames, nothing for git's own files (the policy excludes them).
 */
class TreeChangesIT extends AgentScenario {
  /** A small tree of files in three levels, as {@code cp -r} or {@code mv} would bring in. */
  private static final String TREE =
      """
      mkdir -p %1$s/docs/2026 %1$s/src/main
      printf 'readme\\n' > %1$s/README.md
      printf 'plan\\n' > %1$s/docs/plan.md
      printf 'report\\n' > %1$s/docs/2026/report.md
      head -c 150000 /dev/urandom > %1$s/docs/2026/scan.pdf
      printf 'int main() {}\\n' > %1$s/src/main/main.c
      """;

  /** The files of {@link #TREE}, relative to its top. */
  private static final List<String> TREE_FILES =
      List.of(
          "README.md",
          "docs/plan.md",
          "docs/2026/report.md",
          "docs/2026/scan.pdf",
          "src/main/main.c");

  @Override
  String policy() {
    return super.policy() + "\nexclude: [\"**/.git/**\"]";
  }

  /** Records by path; fails on a second record for any path. */
  private static Map<String, ChangeKind> kindsByPath(List<ChangeRecord> rs) {
    Map<String, ChangeKind> out = new TreeMap<>();
    for (ChangeRecord r : rs) {
      assertThat(out.put(r.path(), r.kind())).as("a second record for %s", r.path()).isNull();
    }
    return out;
  }

  /** Asserts that {@code actual} is {@code expected}, naming only the paths that differ. */
  private void assertKinds(
      Map<String, ChangeKind> actual, Map<String, ChangeKind> expected, String when)
      throws Exception {
    List<String> diff = new ArrayList<>();
    for (String p : new TreeSet<>(union(actual, expected))) {
      if (actual.get(p) != expected.get(p)) {
        diff.add(p + ": expected " + expected.get(p) + ", got " + actual.get(p));
      }
    }
    assertThat(diff)
        .as(
            "records %s (%d, %d expected); agent log:%n%s",
            when, actual.size(), expected.size(), Files.readString(agent.log()))
        .isEmpty();
  }

  private static Set<String> union(Map<String, ?> a, Map<String, ?> b) {
    Set<String> u = new TreeSet<>(a.keySet());
    u.addAll(b.keySet());
    return u;
  }

  /** {@code kind} for each of {@code files} (relative to {@code f}), as record paths. */
  private static Map<String, ChangeKind> each(Folder f, List<String> files, ChangeKind kind) {
    Map<String, ChangeKind> out = new TreeMap<>();
    for (String p : files) {
      out.put(f.path(p), kind);
    }
    return out;
  }

  /**
   * Asserts that {@code rs} is exactly one record per file with the kind {@code expected} gives it,
   * each describing the file as it is now (but DELETED ones).
   */
  private void assertRecords(
      Folder f, List<ChangeRecord> rs, Map<String, ChangeKind> expected, String when)
      throws Exception {
    assertKinds(kindsByPath(rs), expected, when);
    for (ChangeRecord r : rs) {
      if (r.kind() != DELETED) {
        f.assertFile(r, f.relative(r), r.kind());
      }
    }
  }

  /** Asserts that {@code rs} is one {@code kind} record, describing the file now, per file. */
  private void assertOneEach(Folder f, List<ChangeRecord> rs, ChangeKind kind, List<String> files)
      throws Exception {
    assertRecords(f, rs, each(f, files, kind), "");
  }

  private static List<String> under(String dir, List<String> files) {
    return files.stream().map(n -> dir + "/" + n).toList();
  }

  @Test
  void gitCheckoutsBackAndForthGiveOneRecordPerChangedFileAndNoneForGitsOwnFiles()
      throws Exception {
    Folder f = folder("repo");
    // 2,000 files in 20 folders, as in a small project.
    f.sh(
        """
        git init -q -b main
        git config user.email it@example.com; git config user.name it
        for d in $(seq -w 1 20); do
          mkdir src$d
          for i in $(seq -w 1 100); do printf 'file %s of %s\\n' $i $d > src$d/f$i.txt; done
        done
        """);
    List<String> files;
    try (Stream<Path> s = Files.walk(f.dir)) {
      files =
          s.filter(p -> Files.isRegularFile(p) && !f.dir.relativize(p).startsWith(".git"))
              .map(p -> f.dir.relativize(p).toString())
              .toList();
    }
    assertThat(files).hasSize(2000);
    assertOneEach(f, f.look(), CREATED, files);

    // The branch deletes one file, changes every other one and adds one.
    f.sh(
        """
        git add -A; git commit -qm initial; git checkout -qb change; git rm -q src01/f001.txt
        for p in src*/*.txt; do printf 'changed\\n' >> $p; done
        printf 'new\\n' > src01/added.txt; git add src01/added.txt; git commit -qam change
        """);
    Map<String, ChangeKind> edits = each(f, files, MODIFIED);
    edits.put(f.path("src01/f001.txt"), DELETED);
    edits.put(f.path("src01/added.txt"), CREATED);
    assertRecords(f, f.look(), edits, "on the branch");

    for (String branch : List.of("main", "change")) {
      f.sh("git checkout -q " + branch);
      Map<String, ChangeKind> expected = each(f, files, MODIFIED);
      boolean onMain = branch.equals("main");
      expected.put(f.path("src01/f001.txt"), onMain ? CREATED : DELETED);
      expected.put(f.path("src01/added.txt"), onMain ? DELETED : CREATED);
      assertRecords(f, f.look(), expected, "after checking out " + branch);
    }
  }

  @Test
  void aTreeCopiedInGivesCreatedForEveryFile() throws Exception {
    Folder f = folder("copy");
    Path outside = Files.createDirectories(base.resolve("outside-copy"));
    f.sh(String.format(TREE, outside + "/tree"));
    f.sh("mkdir -p a/b; cp -r " + outside + "/tree a/b/");
    assertOneEach(f, f.look(), CREATED, under("a/b/tree", TREE_FILES));
  }

  @Test
  void aFolderRenamedInsideTheRootGivesRenamedForEveryFileAndItsFilesStayWatched()
      throws Exception {
    Folder f = folder("rename-dir");
    f.sh(String.format(TREE, "proj"));
    assertOneEach(f, f.look(), CREATED, under("proj", TREE_FILES));

    f.sh("mv proj project");
    List<ChangeRecord> rs = f.look();
    assertOneEach(f, rs, RENAMED, under("project", TREE_FILES));
    assertThat(rs)
        .extracting(ChangeRecord::path, ChangeRecord::renamedFrom)
        .containsExactlyInAnyOrderElementsOf(
            TREE_FILES.stream()
                .map(n -> tuple(f.path("project/" + n), f.path("proj/" + n)))
                .toList());

    f.sh("printf 'edited after the rename\\n' >> project/docs/2026/report.md");
    f.assertFile(f.lookOne(), "project/docs/2026/report.md", MODIFIED);
  }

  @Test
  void aLargeFolderRenamedGivesRenamedForEveryFile() throws Exception {
    Folder f = folder("rename-large");
    // 10,000 files: registering and walking the moved folder takes longer than the rename window.
    f.sh(
        """
        mkdir photos
        for d in $(seq -w 1 10); do
          mkdir photos/$d
          for i in $(seq 1 1000); do printf 'photo %s\\n' $i > photos/$d/p$i.jpg; done
        done
        """);
    List<String> files = new ArrayList<>();
    for (int d = 1; d <= 10; d++) {
      for (int i = 1; i <= 1000; i++) {
        files.add(String.format("%02d/p%d.jpg", d, i));
      }
    }
    assertOneEach(f, f.look(), CREATED, under("photos", files));
    f.sh("mv photos pictures");
    List<ChangeRecord> rs = f.look();
    assertOneEach(f, rs, RENAMED, under("pictures", files));
    assertThat(rs)
        .allMatch(r -> r.renamedFrom().equals(r.path().replace("/pictures/", "/photos/")));
  }

  @Test
  void aFolderRemovedGivesDeletedForEveryFile() throws Exception {
    Folder f = folder("rm-dir");
    f.sh(String.format(TREE, "old"));
    assertOneEach(f, f.look(), CREATED, under("old", TREE_FILES));
    f.sh("rm -r old");
    assertOneEach(f, f.look(), DELETED, under("old", TREE_FILES));
  }

  @Test
  void aFolderMovedInGivesCreatedAndMovedOutGivesDeletedForEveryFile() throws Exception {
    Folder f = folder("move-in-out");
    Path outside = Files.createDirectories(base.resolve("outside-move"));
    f.sh(String.format(TREE, outside + "/album"));
    f.sh("mv " + outside + "/album ./album");
    assertOneEach(f, f.look(), CREATED, under("album", TREE_FILES));

    f.sh("mv album " + outside + "/album");
    assertOneEach(f, f.look(), DELETED, under("album", TREE_FILES));

    // Out of the root, its changes are none of the agent's business.
    f.sh("cd " + outside + "/album; printf 'more\\n' >> README.md; printf 'x\\n' > new.txt");
    assertThat(f.look()).isEmpty();
  }

  @Test
  void aFileRenamedGivesOneRenamedInTheSameFolderAndAcrossFolders() throws Exception {
    Folder f = folder("rename-file");
    f.sh("mkdir inbox archive; printf 'a letter\\n' > inbox/a.txt");
    f.assertFile(f.lookOne(), "inbox/a.txt", CREATED);

    f.sh("mv inbox/a.txt inbox/b.txt");
    List<ChangeRecord> same = f.look();
    assertThat(same)
        .extracting(ChangeRecord::path, ChangeRecord::kind, ChangeRecord::renamedFrom)
        .containsExactly(tuple(f.path("inbox/b.txt"), RENAMED, f.path("inbox/a.txt")));
    f.assertFile(same.get(0), "inbox/b.txt", RENAMED);

    f.sh("mv inbox/b.txt archive/b.txt");
    List<ChangeRecord> across = f.look();
    assertThat(across)
        .extracting(ChangeRecord::path, ChangeRecord::kind, ChangeRecord::renamedFrom)
        .containsExactly(tuple(f.path("archive/b.txt"), RENAMED, f.path("inbox/b.txt")));
    f.assertFile(across.get(0), "archive/b.txt", RENAMED);
  }
}
