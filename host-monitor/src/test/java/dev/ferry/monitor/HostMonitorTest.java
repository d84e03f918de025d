package dev.ferry.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.monitor.journal.BackupCache;
import dev.ferry.monitor.journal.ChangeKind;
import dev.ferry.monitor.journal.ChangeRecord;
import dev.ferry.monitor.journal.JournalEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class HostMonitorTest extends MonitorTestBase {
  @Test
  void initialScanRecordsExistingFilesOnceAndNotAgainOnTheSecondStart() throws Exception {
    Path a = write("a.txt", "alpha");
    Path b = write("sub/deeper/b.bin", "beta".repeat(150_000));
    write("sub/.a.txt.swp", "swap");
    start();
    awaitSentinel();
    assertThat(records).hasSize(2);
    ChangeRecord ra = records.stream().filter(r -> r.path().equals("a.txt")).findFirst().get();
    ChangeRecord rb =
        records.stream().filter(r -> r.path().equals("sub/deeper/b.bin")).findFirst().get();
    assertDescribes(ra, a, ChangeKind.CREATED);
    assertDescribes(rb, b, ChangeKind.CREATED);
    assertThat(rb.blocks().blocks()).hasSizeGreaterThan(1);

    records.clear();
    start(); // second start: same state folder
    awaitSentinel();
    assertThat(records).isEmpty();
  }

  @Test
  void inPlaceWriteGivesOneModifiedRecordAfterTheSettleTime() throws Exception {
    startQuiet("doc.txt");
    Path f = root.resolve("doc.txt");
    try (var out = Files.newOutputStream(f, StandardOpenOption.TRUNCATE_EXISTING)) {
      for (int i = 0; i < 5; i++) {
        out.write(("line " + i + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        sleepMs(20);
      }
    }
    ChangeRecord r = await(x -> x.path().equals("doc.txt"));
    assertDescribes(r, f, ChangeKind.MODIFIED);
    assertThat(r.savedAtNanos() - r.detectedAtNanos()).isGreaterThanOrEqualTo(SETTLE.toNanos());
    awaitSentinel();
    assertThat(records).containsExactly(r);
  }

  @Test
  void writeTempThenRenameGivesOneRecordForTheFinalNameAndNoneForTheTemp() throws Exception {
    startQuiet("report.odt", "notes.md");
    Path tmpFile = write(".goutputstream-X1Y2Z3", "new report");
    Files.move(tmpFile, root.resolve("report.odt"), StandardCopyOption.ATOMIC_MOVE);
    Path unlisted = write("notes.md.new", "new notes"); // a temp name no list knows
    Files.move(
        unlisted,
        root.resolve("notes.md"),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    awaitSentinel();
    assertThat(records)
        .extracting(ChangeRecord::path)
        .containsExactlyInAnyOrder("report.odt", "notes.md");
    for (ChangeRecord r : records) {
      assertDescribes(r, root.resolve(r.path()), ChangeKind.MODIFIED);
      assertThat(r.savedAtNanos() - r.detectedAtNanos()).isLessThan(SETTLE.toNanos());
    }
  }

  @Test
  void appendGivesModifiedWithTheNewSize() throws Exception {
    startQuiet("log.txt");
    Path f = root.resolve("log.txt");
    long before = Files.size(f);
    Files.writeString(f, "more\n".repeat(30_000), StandardOpenOption.APPEND);
    ChangeRecord r = await(x -> x.path().equals("log.txt"));
    assertDescribes(r, f, ChangeKind.MODIFIED);
    assertThat(r.size()).isEqualTo(before + 150_000);
  }

  @Test
  void newFileWrittenInPlaceIsCreated() throws Exception {
    startQuiet();
    Path f = write("fresh.txt", "hello");
    ChangeRecord r = await(x -> x.path().equals("fresh.txt"));
    assertDescribes(r, f, ChangeKind.CREATED);
    awaitSentinel();
    assertThat(records).containsExactly(r);
  }

  @Test
  void deletedFileGivesDeletedWithItsLastKnownState() throws Exception {
    startQuiet("old.txt");
    Path f = root.resolve("old.txt");
    long ino = inode(f);
    Files.delete(f);
    ChangeRecord r = await(x -> x.path().equals("old.txt"));
    assertThat(r.kind()).isEqualTo(ChangeKind.DELETED);
    assertThat(r.inode()).isEqualTo(ino);
    assertThat(r.blocks().blocks()).isEmpty();
    assertThat(r.size()).isEqualTo("initial content of old.txt".length());
  }

  @Test
  void deletedDirectoryGivesDeletedForEveryFileUnderIt() throws Exception {
    startQuiet("proj/a.txt", "proj/src/b.txt", "proj/src/deep/c.txt", "keep.txt");
    try (var walk = Files.walk(root.resolve("proj"))) {
      List<Path> all = walk.sorted((x, y) -> y.compareTo(x)).toList();
      for (Path p : all) {
        Files.delete(p);
      }
    }
    awaitSentinel();
    assertThat(records).allMatch(r -> r.kind() == ChangeKind.DELETED);
    assertThat(records)
        .extracting(ChangeRecord::path)
        .containsExactlyInAnyOrder("proj/a.txt", "proj/src/b.txt", "proj/src/deep/c.txt");
  }

  @Test
  void newSubdirectoryIsWatchedAndItsEarlyFilesRecorded() throws Exception {
    startQuiet();
    Path early = write("new/dir/early.txt", "landed before the watch");
    awaitSentinel();
    assertThat(records).hasSize(1);
    assertDescribes(records.get(0), early, ChangeKind.CREATED);
    records.clear();
    Path late = write("new/dir/late.txt", "after the watch");
    ChangeRecord r = await(x -> x.path().equals("new/dir/late.txt"));
    assertDescribes(r, late, ChangeKind.CREATED);
  }

  @Test
  void temporarySwapLockAndPartialFilesProduceNothing() throws Exception {
    startQuiet();
    for (String name :
        List.of(
            ".doc.txt.swp",
            ".doc.txt.swx",
            "4913",
            "doc.txt~",
            "#doc.txt#",
            ".#doc.txt",
            ".goutputstream-ABC123",
            ".~lock.sheet.ods#",
            "~$report.docx",
            "x.tmp",
            "movie.mkv.crdownload",
            "big.iso.part",
            "a.partial",
            "b.download",
            ".DS_Store",
            "doc.txt.kate-swp",
            "Main.java___jb_tmp___",
            "Main.java___jb_old___")) {
      write(name, "scratch");
      Files.writeString(root.resolve(name), "more", StandardOpenOption.APPEND);
    }
    awaitSentinel();
    assertThat(records).isEmpty();
    assertThat(monitor.pendingSaves()).isZero();
  }

  @Test
  void renamedFileGivesRenamedWithTheOldPath() throws Exception {
    startQuiet("drafts/plan.txt");
    Files.createDirectories(root.resolve("final"));
    Files.move(root.resolve("drafts/plan.txt"), root.resolve("final/plan.txt"));
    ChangeRecord r = await(x -> x.path().equals("final/plan.txt"));
    assertDescribes(r, root.resolve("final/plan.txt"), ChangeKind.RENAMED);
    assertThat(r.renamedFrom()).isEqualTo("drafts/plan.txt");
    awaitSentinel();
    assertThat(records).containsExactly(r);
  }

  @Test
  void renamedDirectoryGivesRenamedForEveryFileUnderIt() throws Exception {
    startQuiet("old/a.txt", "old/sub/b.txt");
    Files.move(root.resolve("old"), root.resolve("new"));
    awaitSentinel();
    assertThat(records)
        .extracting(ChangeRecord::path, ChangeRecord::kind, ChangeRecord::renamedFrom)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("new/a.txt", ChangeKind.RENAMED, "old/a.txt"),
            org.assertj.core.groups.Tuple.tuple(
                "new/sub/b.txt", ChangeKind.RENAMED, "old/sub/b.txt"));
    records.clear();
    Path later = write("new/sub/c.txt", "written after the move");
    ChangeRecord r = await(x -> x.path().equals("new/sub/c.txt"));
    assertDescribes(r, later, ChangeKind.CREATED);
  }

  @Test
  void permissionChangeIsRecorded() throws Exception {
    startQuiet("script.sh");
    Path f = root.resolve("script.sh");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-x---"));
    ChangeRecord r = await(x -> x.path().equals("script.sh"));
    assertThat(r.mode()).isEqualTo(0750);
  }

  @Test
  void aSaveInProgressIsPendingUntilItSettles() throws Exception {
    startQuiet("slow.txt");
    Files.writeString(root.resolve("slow.txt"), "changed", StandardOpenOption.APPEND);
    long deadline = System.currentTimeMillis() + TIMEOUT_MS;
    while (monitor.pendingSaves() == 0 && System.currentTimeMillis() < deadline) {
      sleepMs(5);
    }
    assertThat(monitor.pendingSaves()).isEqualTo(1);
    await(x -> x.path().equals("slow.txt"));
    assertThat(monitor.pendingSaves()).isZero();
  }

  @Test
  void recordsAreInTheJournalWithTheIndexesReported() throws Exception {
    startQuiet();
    write("j.txt", "journal me");
    ChangeRecord r = await(x -> x.path().equals("j.txt"));
    List<ChangeRecord> journal = new ArrayList<>();
    try (BackupCache.Reader reader = cache.readFrom(-1)) {
      for (Optional<JournalEntry> e = reader.next(); e.isPresent(); e = reader.next()) {
        journal.add(e.get().record());
      }
    }
    assertThat(journal).contains(r);
    assertThat(latencies).allMatch(l -> l >= 0 && l < 1_000_000_000L);
  }

  @Test
  void editWhileStoppedGivesExactlyOneModifiedOnRestart() throws Exception {
    startQuiet("edit.txt", "other.txt");
    stop();
    Path f = root.resolve("edit.txt");
    Files.writeString(f, " and more", StandardOpenOption.APPEND);
    start();
    awaitSentinel();
    assertThat(records).hasSize(1);
    assertDescribes(records.get(0), f, ChangeKind.MODIFIED);
  }

  @Test
  void deleteWhileStoppedGivesDeletedOnRestart() throws Exception {
    startQuiet("gone/old.txt", "kept.txt");
    Path f = root.resolve("gone/old.txt");
    long ino = inode(f);
    stop();
    Files.delete(f);
    start();
    awaitSentinel();
    assertThat(records).hasSize(1);
    ChangeRecord r = records.get(0);
    assertThat(r.path()).isEqualTo("gone/old.txt");
    assertThat(r.kind()).isEqualTo(ChangeKind.DELETED);
    assertThat(r.inode()).isEqualTo(ino);
    assertThat(r.size()).isEqualTo("initial content of gone/old.txt".length());
  }

  @Test
  void newFileWhileStoppedGivesCreatedOnRestart() throws Exception {
    startQuiet("existing.txt");
    stop();
    Path f = write("sub/new.txt", "written while the agent was down");
    start();
    awaitSentinel();
    assertThat(records).hasSize(1);
    assertDescribes(records.get(0), f, ChangeKind.CREATED);
  }

  @Test
  void renameWhileStoppedGivesRenamedOnRestart() throws Exception {
    startQuiet("a/r.txt");
    stop();
    Files.createDirectories(root.resolve("b"));
    Files.move(root.resolve("a/r.txt"), root.resolve("b/r.txt"));
    start();
    awaitSentinel();
    assertThat(records).hasSize(1);
    assertDescribes(records.get(0), root.resolve("b/r.txt"), ChangeKind.RENAMED);
    assertThat(records.get(0).renamedFrom()).isEqualTo("a/r.txt");
  }

  @Test
  void untouchedFilesGiveNoRecordOnRestartNorOnASecondRestart() throws Exception {
    startQuiet("a.txt", "deep/b.txt");
    Files.writeString(root.resolve("a.txt"), "edited while running", StandardOpenOption.APPEND);
    await(r -> r.path().equals("a.txt"));
    Files.move(root.resolve("deep/b.txt"), root.resolve("deep/c.txt"));
    await(r -> r.path().equals("deep/c.txt"));
    records.clear();
    stop();
    start();
    awaitSentinel();
    assertThat(records).isEmpty();
    stop();
    start();
    awaitSentinel();
    assertThat(records).isEmpty();
  }

  @Test
  void sameSizeRewriteWithTheOldMtimePutBackIsModified() throws Exception {
    Path f = write("same.txt", "A".repeat(1000));
    start();
    awaitSentinel();
    ChangeRecord created = only("same.txt");
    records.clear();
    FileTime mtime = Files.getLastModifiedTime(f);
    Files.writeString(f, "B".repeat(1000)); // cp -p, rsync -t --inplace
    Files.setLastModifiedTime(f, mtime);
    ChangeRecord r = await(x -> x.path().equals("same.txt"));
    assertDescribes(r, f, ChangeKind.MODIFIED);
    assertThat(r.mtimeNanos()).isEqualTo(created.mtimeNanos());
    assertThat(r.blocks()).isNotEqualTo(created.blocks());
  }

  @Test
  void sameSizeRewriteWithTheOldMtimePutBackWhileStoppedIsModifiedOnRestart() throws Exception {
    Path f = write("same.txt", "A".repeat(1000));
    write("other.txt", "untouched");
    start();
    awaitSentinel();
    ChangeRecord created = only("same.txt");
    records.clear();
    stop();
    FileTime mtime = Files.getLastModifiedTime(f);
    Files.writeString(f, "B".repeat(1000));
    Files.setLastModifiedTime(f, mtime);
    start();
    awaitSentinel();
    assertThat(records).hasSize(1);
    assertDescribes(records.get(0), f, ChangeKind.MODIFIED);
    assertThat(records.get(0).blocks()).isNotEqualTo(created.blocks());
  }

  @Test
  void hardLinkedNamesDeletedTogetherEachGetDeleted() throws Exception {
    Path a = write("tree/a.txt", "one inode, two names");
    Files.createDirectories(root.resolve("copy"));
    Files.createLink(root.resolve("copy/a.txt"), a); // cp -al tree copy
    Files.createLink(root.resolve("tree/b.txt"), a);
    start();
    awaitSentinel();
    assertThat(records).hasSize(3);
    records.clear();
    for (String name : List.of("tree/a.txt", "tree/b.txt", "copy/a.txt")) { // rm -r tree copy
      Files.delete(root.resolve(name));
    }
    Files.delete(root.resolve("tree"));
    Files.delete(root.resolve("copy"));
    awaitSentinel();
    assertThat(records)
        .extracting(ChangeRecord::path, ChangeRecord::kind)
        .containsExactlyInAnyOrder(
            Tuple.tuple("tree/a.txt", ChangeKind.DELETED),
            Tuple.tuple("tree/b.txt", ChangeKind.DELETED),
            Tuple.tuple("copy/a.txt", ChangeKind.DELETED));
  }

  @Test
  void hardLinkRenamedAndItsOtherNameDeletedGiveRenamedAndDeleted() throws Exception {
    Path x = write("links/x.txt", "linked");
    Files.createLink(root.resolve("links/y.txt"), x);
    Files.createDirectories(root.resolve("moved"));
    start();
    awaitSentinel();
    records.clear();
    Files.move(x, root.resolve("moved/x.txt"));
    Files.delete(root.resolve("links/y.txt"));
    awaitSentinel();
    assertThat(records)
        .extracting(ChangeRecord::path, ChangeRecord::kind, ChangeRecord::renamedFrom)
        .containsExactlyInAnyOrder(
            Tuple.tuple("moved/x.txt", ChangeKind.RENAMED, "links/x.txt"),
            Tuple.tuple("links/y.txt", ChangeKind.DELETED, null));
  }

  @Test
  void filesInAnExcludedFolderInsideARootAreNeverRecorded() throws Exception {
    Path target = root.resolve("ferry-target");
    excluded = List.of(target);
    write("ferry-target/before.bin", "there before the first start");
    start();
    awaitSentinel();
    assertThat(records).isEmpty();
    write("ferry-target/chunks/new.bin", "written while watching");
    Files.writeString(target.resolve("before.bin"), "changed", StandardOpenOption.APPEND);
    Files.delete(target.resolve("before.bin"));
    write("ferry-target/other.bin", "x");
    awaitSentinel();
    assertThat(records).isEmpty();
    stop();
    write("ferry-target/while-stopped.bin", "x");
    start();
    awaitSentinel();
    assertThat(records).isEmpty();
  }

  @Test
  void rootInsideAnExcludedFolderIsRejected() {
    assertThatThrownBy(() -> new MonitorConfig("ws-1", List.of(root), SETTLE, state, List.of(tmp)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(root.toString());
  }

  @Test
  void renameReusesTheOldBlockMapWithoutReadingTheFile() throws Exception {
    byte[] content = new byte[1_500_000];
    new java.util.Random(42).nextBytes(content);
    Path f = root.resolve("big/video.bin");
    Files.createDirectories(f.getParent());
    Files.write(f, content);
    Files.createDirectories(root.resolve("archive"));
    start();
    awaitSentinel();
    ChangeRecord created = only("big/video.bin");
    assertThat(created.blocks().blocks()).hasSizeGreaterThan(3);
    records.clear();
    long mapped = monitor.filesMapped();
    Files.move(f, root.resolve("archive/video.bin"));
    ChangeRecord r = await(x -> x.path().equals("archive/video.bin"));
    assertThat(monitor.filesMapped()).as("files read").isEqualTo(mapped);
    assertDescribes(r, root.resolve("archive/video.bin"), ChangeKind.RENAMED);
    assertThat(r.renamedFrom()).isEqualTo("big/video.bin");
    assertThat(r.blocks()).isEqualTo(created.blocks());
  }

  @Test
  void renameRightAfterAnUnsettledSameSizeRewriteReadsTheFileAgain() throws Exception {
    Path f = write("doc.txt", "A".repeat(5000));
    start();
    awaitSentinel();
    ChangeRecord created = only("doc.txt");
    records.clear();
    long mapped = monitor.filesMapped();
    FileTime mtime = Files.getLastModifiedTime(f);
    Files.writeString(f, "B".repeat(5000));
    Files.setLastModifiedTime(f, mtime);
    Files.move(f, root.resolve("doc-renamed.txt"));
    ChangeRecord r = await(x -> x.path().equals("doc-renamed.txt"));
    assertDescribes(r, root.resolve("doc-renamed.txt"), ChangeKind.RENAMED);
    assertThat(monitor.filesMapped()).isEqualTo(mapped + 1);
    assertThat(r.blocks()).isNotEqualTo(created.blocks());
  }

  @Test
  void missingRootGivesAnErrorNamingIt() {
    Path missing = tmp.resolve("no-such-folder");
    HostMonitor m =
        new HostMonitor(
            new MonitorConfig("ws-1", List.of(root, missing), SETTLE, state), cache, null);
    assertThatThrownBy(m::start)
        .isInstanceOf(RootNotUsableException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("does not exist");
    m.close();
  }

  @Test
  void fileAsRootGivesAnErrorNamingIt() throws Exception {
    Path file = Files.writeString(tmp.resolve("a-file"), "x");
    HostMonitor m =
        new HostMonitor(new MonitorConfig("ws-1", List.of(file), SETTLE, state), cache, null);
    assertThatThrownBy(m::start)
        .isInstanceOf(RootNotUsableException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("not a directory");
    m.close();
  }
}
