package dev.ferry.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.monitor.journal.ChangeKind;
import dev.ferry.monitor.journal.ChangeRecord;
import dev.ferry.monitor.journal.FileType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/** Symbolic links are recorded as links, never followed. */
class HostMonitorLinksTest extends MonitorTestBase {
  @Test
  void aNewLinkIsRecordedAsALinkWithItsTargetAndNoBlocks() throws Exception {
    startQuiet();
    Files.createSymbolicLink(root.resolve("current"), Path.of("releases/v2"));
    ChangeRecord r = await(x -> x.path().equals("current"));
    assertThat(r.kind()).isEqualTo(ChangeKind.CREATED);
    assertThat(r.type()).isEqualTo(FileType.SYMLINK);
    assertThat(r.linkTarget()).isEqualTo("releases/v2");
    assertThat(r.blocks().blocks()).isEmpty();
    assertThat(r.size()).isEqualTo("releases/v2".length());
  }

  @Test
  void aLinkToAFolderOutsideTheRootIsNeverEnteredNorFollowed() throws Exception {
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(outside.resolve("secret.txt"), "not under the root");
    startQuiet();
    Files.createSymbolicLink(root.resolve("escape"), outside);
    await(x -> x.path().equals("escape"));
    Files.writeString(outside.resolve("secret.txt"), "changed outside");
    Files.writeString(outside.resolve("new.txt"), "new outside");
    awaitSentinel();
    assertThat(records)
        .extracting(ChangeRecord::path, ChangeRecord::type, ChangeRecord::linkTarget)
        .containsExactly(Tuple.tuple("escape", FileType.SYMLINK, outside.toString()));
  }

  @Test
  void aLinkPresentAtTheInitialScanIsRecordedAsALink() throws Exception {
    Files.createSymbolicLink(root.resolve("dangling"), Path.of("/no/such/file"));
    start();
    ChangeRecord r = await(x -> x.path().equals("dangling"));
    assertThat(r.type()).isEqualTo(FileType.SYMLINK);
    assertThat(r.linkTarget()).isEqualTo("/no/such/file");
  }

  @Test
  void retargetingALinkIsModifiedAndRenamingItIsRenamed() throws Exception {
    Files.createSymbolicLink(root.resolve("cfg"), Path.of("a.conf"));
    startQuiet();
    Path tmpLink = root.resolve("cfg.new");
    Files.createSymbolicLink(tmpLink, Path.of("b.conf"));
    Files.move(
        tmpLink,
        root.resolve("cfg"),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    ChangeRecord retargeted = await(x -> x.path().equals("cfg"));
    assertThat(retargeted.kind()).isEqualTo(ChangeKind.MODIFIED);
    assertThat(retargeted.linkTarget()).isEqualTo("b.conf");

    Files.move(root.resolve("cfg"), root.resolve("cfg.old"));
    ChangeRecord renamed = await(x -> x.path().equals("cfg.old"));
    assertThat(renamed.kind()).isEqualTo(ChangeKind.RENAMED);
    assertThat(renamed.renamedFrom()).isEqualTo("cfg");
    assertThat(renamed.linkTarget()).isEqualTo("b.conf");
  }

  @Test
  void aDeletedLinkIsDeletedWithoutATarget() throws Exception {
    Files.createSymbolicLink(root.resolve("l"), Path.of("x"));
    startQuiet();
    Files.delete(root.resolve("l"));
    ChangeRecord r = await(x -> x.path().equals("l"));
    assertThat(r.kind()).isEqualTo(ChangeKind.DELETED);
    assertThat(r.type()).isEqualTo(FileType.SYMLINK);
    assertThat(r.linkTarget()).isNull();
  }
}
