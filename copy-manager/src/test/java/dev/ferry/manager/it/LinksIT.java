package dev.ferry.manager.it;

import static dev.ferry.monitor.journal.ChangeKind.CREATED;
import static dev.ferry.monitor.journal.ChangeKind.DELETED;
import static dev.ferry.monitor.journal.ChangeKind.MODIFIED;
import static dev.ferry.monitor.journal.ChangeKind.RENAMED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.ferry.monitor.journal.ChangeRecord;
import dev.ferry.monitor.journal.FileType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Symbolic and hard links made with {@code ln}, against the agent as a real process. A symbolic
 * link is recorded as a link with its target text, whatever it points at, and never followed; a
 * hard link is one more name of a file.
 */
class LinksIT extends AgentScenario {
  /** The records sorted by path, for lists whose order the agent does not promise. */
  private static List<ChangeRecord> byPath(List<ChangeRecord> rs) {
    return rs.stream().sorted(Comparator.comparing(ChangeRecord::path)).toList();
  }

  @Test
  void relativeAbsoluteAndDanglingLinksAreRecordedAsLinksWithTheirTargetText() throws Exception {
    Folder f = folder("symlinks");
    String absolute = f.file("real.txt").toString();
    f.sh(
        "printf 'the real file\\n' > real.txt; ln -s real.txt relative; ln -s "
            + absolute
            + " absolute; ln -s no/such/file dangling");
    List<ChangeRecord> rs = byPath(f.look());
    assertThat(rs)
        .extracting(ChangeRecord::path)
        .containsExactly(
            f.path("absolute"), f.path("dangling"), f.path("real.txt"), f.path("relative"));
    f.assertLink(rs.get(0), "absolute", CREATED, absolute);
    f.assertLink(rs.get(1), "dangling", CREATED, "no/such/file");
    f.assertFile(rs.get(2), "real.txt", CREATED);
    f.assertLink(rs.get(3), "relative", CREATED, "real.txt");
  }

  @Test
  void aLinkToAFolderOutsideTheRootGivesOneLinkRecordAndTheFolderIsNeverEntered() throws Exception {
    Folder f = folder("outside-link");
    Path outside = Files.createDirectories(base.resolve("linked-folder"));
    Files.writeString(outside.resolve("a.txt"), "outside the root\n");
    Files.createDirectories(outside.resolve("sub"));
    Files.writeString(outside.resolve("sub/b.txt"), "deeper\n");
    f.sh("ln -s " + outside + " shared");
    f.assertLink(f.lookOne(), "shared", CREATED, outside.toString());

    // Changes in the linked folder, directly and through the link: none of the agent's business.
    f.sh(
        "printf 'changed\\n' >> "
            + outside
            + "/a.txt; printf 'new\\n' > shared/new.txt; rm shared/sub/b.txt; mkdir shared/more;"
            + " printf 'x\\n' > shared/more/c.txt");
    assertThat(f.look()).isEmpty();
  }

  @Test
  void retargetingALinkWithLnSfnGivesOneModifiedWithTheNewTarget() throws Exception {
    Folder f = folder("retarget");
    f.sh("mkdir v1 v2; ln -s v1 current");
    f.assertLink(f.lookOne(), "current", CREATED, "v1");
    f.sh("ln -sfn v2 current");
    f.assertLink(f.lookOne(), "current", MODIFIED, "v2");
  }

  @Test
  void aLinkMovedGivesRenamedAndRemovedGivesDeletedAsALink() throws Exception {
    Folder f = folder("move-link");
    f.sh("mkdir old new; ln -s ../target.txt old/link");
    f.assertLink(f.lookOne(), "old/link", CREATED, "../target.txt");

    f.sh("mv old/link new/link");
    ChangeRecord moved = f.lookOne();
    f.assertLink(moved, "new/link", RENAMED, "../target.txt");
    assertThat(moved.renamedFrom()).isEqualTo(f.path("old/link"));

    f.sh("rm new/link");
    ChangeRecord gone = f.lookOne();
    assertThat(gone)
        .extracting(ChangeRecord::path, ChangeRecord::kind, ChangeRecord::type)
        .containsExactly(f.path("new/link"), DELETED, FileType.SYMLINK);
    assertThat(gone.linkTarget()).isNull();
  }

  @Test
  void aHardLinkGivesCreatedForTheNewNameOnlyAndRemovingBothNamesGivesTwoDeleted()
      throws Exception {
    Folder f = folder("hardlinks");
    f.sh("printf 'one inode\\n' > f.txt");
    f.assertFile(f.lookOne(), "f.txt", CREATED);

    f.sh("ln f.txt g.txt");
    ChangeRecord g = f.lookOne();
    f.assertFile(g, "g.txt", CREATED);
    assertThat(g.inode()).isEqualTo(Files.getAttribute(f.file("f.txt"), "unix:ino"));

    f.sh("rm f.txt g.txt");
    assertThat(f.look())
        .extracting(ChangeRecord::path, ChangeRecord::kind)
        .containsExactlyInAnyOrder(
            tuple(f.path("f.txt"), DELETED), tuple(f.path("g.txt"), DELETED));
  }
}
