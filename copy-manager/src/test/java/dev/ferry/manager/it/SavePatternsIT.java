package dev.ferry.manager.it;

import static dev.ferry.monitor.journal.ChangeKind.CREATED;
import static dev.ferry.monitor.journal.ChangeKind.DELETED;
import static dev.ferry.monitor.journal.ChangeKind.MODIFIED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.ferry.monitor.journal.ChangeRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * How real programs save a file, against the agent as a real process: each pattern gives exactly
 * one record for the file the user saved, none for the program's temporary, swap, lock or backup
 * files, and only once the file has settled.
 */
class SavePatternsIT extends AgentScenario {
  /** The built-in temporary names, one of each kind the agent knows (TemporaryFiles). */
  private static final String TEMPORARY_NAMES =
      "'~$budget.docx' '.#notes.org' '#notes.org#' 'setup.iso.crdownload' 'movie.mkv.part'"
          + " 'movie.mkv.partial' 'page.html.download' '.doc.txt.swp' '.doc.txt.swo' 'doc.txt~'"
          + " 4913 '.~lock.sheet.ods#' '.goutputstream-3TKZ51' 'Main.java___jb_tmp___'"
          + " 'Main.java___jb_old___' 'notes.txt.kate-swp' 'build.tmp' '.DS_Store' 'Thumbs.db'";

  @Override
  String policy() {
    return super.policy() + "\nexclude: [\"*.scratch\"]";
  }

  /** Writes {@code bytes} random bytes to {@code name} in a folder outside the watched root. */
  private Path outside(String name, int bytes) throws Exception {
    Path dir = Files.createDirectories(base.resolve("outside"));
    Path f = dir.resolve(name);
    byte[] data = new byte[bytes];
    new Random(name.hashCode()).nextBytes(data);
    return Files.write(f, data);
  }

  @Test
  void aVimSaveGivesOneModifiedAndNothingForItsSwapProbeAndBackupFiles() throws Exception {
    Folder f = folder("vim");
    f.sh("printf 'first draft\\n' > notes.txt");
    f.assertFile(f.lookOne(), "notes.txt", CREATED);

    // vim with 'backup' on: swap file while editing, the "4913" probe of the folder, the old
    // file renamed to the backup name, the new one written under the real name.
    f.sh(
        """
        printf 'swap' > .notes.txt.swp
        : > 4913; rm 4913
        mv notes.txt notes.txt~
        printf 'first draft\\nand a second line\\n' > notes.txt
        rm .notes.txt.swp
        """);
    f.assertFile(f.lookOne(), "notes.txt", MODIFIED);
    assertThat(f.file("notes.txt~")).exists();
  }

  @Test
  void aLibreOfficeSaveGivesOneModifiedAndNothingForItsLockAndTempFiles() throws Exception {
    Folder f = folder("office");
    f.sh("printf 'version 1' > report.odt");
    f.assertFile(f.lookOne(), "report.odt", CREATED);

    f.sh(
        """
        printf 'alice,host,1234;' > '.~lock.report.odt#'
        printf 'version 2, somewhat longer' > lu2741a8b.tmp
        mv lu2741a8b.tmp report.odt
        rm '.~lock.report.odt#'
        """);
    f.assertFile(f.lookOne(), "report.odt", MODIFIED);
  }

  @Test
  void rsyncWritingItsDotTempFilesAndRenamingGivesOneRecordPerFile() throws Exception {
    Folder f = folder("rsync");
    f.sh("printf 'old content' > data.bin");
    f.assertFile(f.lookOne(), "data.bin", CREATED);

    Path a = outside("data.bin", 300_000);
    Path b = outside("new.txt", 5_000);
    f.sh("rsync " + a + " " + b + " ./"); // each through .NAME.XXXXXX, then a rename
    List<ChangeRecord> rs = f.look();
    assertThat(rs)
        .extracting(ChangeRecord::path, ChangeRecord::kind)
        .containsExactlyInAnyOrder(
            tuple(f.path("data.bin"), MODIFIED), tuple(f.path("new.txt"), CREATED));
    for (ChangeRecord r : rs) {
      f.assertFile(r, f.relative(r), r.kind());
    }
  }

  @Test
  void overwritingInPlaceGivesOneModifiedWithTheNewSize() throws Exception {
    Folder f = folder("overwrite");
    f.sh("printf 'v1\\n' > doc.txt");
    f.assertFile(f.lookOne(), "doc.txt", CREATED);
    f.sh("printf 'version two, longer\\n' > doc.txt");
    f.assertFile(f.lookOne(), "doc.txt", MODIFIED);
  }

  @Test
  void truncatingAndRewritingQuicklyGivesOneModifiedWithTheFinalContent() throws Exception {
    Folder f = folder("truncate");
    f.sh("printf 'the original, long content\\n' > doc.txt");
    f.assertFile(f.lookOne(), "doc.txt", CREATED);
    f.sh("truncate -s 0 doc.txt; printf 'short\\n' >> doc.txt; printf 'er\\n' >> doc.txt");
    ChangeRecord r = f.lookOne();
    f.assertFile(r, "doc.txt", MODIFIED);
    assertThat(r.size()).isEqualTo("short\ner\n".length());
  }

  @Test
  void ddPatchingTheMiddleGivesOneModifiedOfTheSameSizeWithANewBlockMap() throws Exception {
    Folder f = folder("dd");
    f.sh("head -c 400000 /dev/urandom > disk.img");
    ChangeRecord before = f.lookOne();
    f.assertFile(before, "disk.img", CREATED);
    f.sh("printf 'PATCHED' | dd of=disk.img bs=1 seek=200000 conv=notrunc status=none");
    ChangeRecord after = f.lookOne();
    f.assertFile(after, "disk.img", MODIFIED);
    assertThat(after.size()).isEqualTo(400_000);
    assertThat(after.blocks()).isNotEqualTo(before.blocks());
  }

  @Test
  void appendingToALogSeveralTimesQuicklyGivesOneModifiedOnceItSettles() throws Exception {
    Folder f = folder("log");
    f.sh("printf 'started\\n' > app.log");
    f.assertFile(f.lookOne(), "app.log", CREATED);
    f.sh("for i in 1 2 3 4 5 6; do printf 'event %s\\n' $i >> app.log; sleep 0.1; done");
    ChangeRecord r = f.lookOne();
    f.assertFile(r, "app.log", MODIFIED);
    assertThat(r.size()).isEqualTo("started\n".length() + 6 * "event 1\n".length());
    assertThat(r.savedAtNanos() - r.mtimeNanos())
        .as("recorded only after the last append settled")
        .isGreaterThanOrEqualTo(SETTLE.toNanos());
  }

  @Test
  void rsyncInPlaceGivesOneModifiedWithTheSourcesSize() throws Exception {
    Folder f = folder("inplace");
    f.sh("head -c 500000 /dev/urandom > data.bin");
    f.assertFile(f.lookOne(), "data.bin", CREATED);
    Path src = outside("inplace.bin", 250_000); // shorter: rsync truncates the rest
    f.sh("rsync --inplace " + src + " data.bin");
    ChangeRecord r = f.lookOne();
    f.assertFile(r, "data.bin", MODIFIED);
    assertThat(r.size()).isEqualTo(250_000);
  }

  @Test
  void aLargeFileWrittenSlowlyGivesOneCreatedWithItsFinalSizeOnceItSettles() throws Exception {
    Folder f = folder("large");
    // 20 MiB in 1 MiB chunks, pausing 0.1 s between them: less than the settle time.
    f.sh("for i in $(seq 20); do head -c 1048576 /dev/urandom >> video.raw; sleep 0.1; done");
    ChangeRecord r = f.lookOne();
    f.assertFile(r, "video.raw", CREATED);
    assertThat(r.size()).isEqualTo(20L << 20);
    assertThat(r.savedAtNanos() - r.mtimeNanos()).isGreaterThanOrEqualTo(SETTLE.toNanos());
  }

  @Test
  void temporaryNamesAndNamesThePolicyExcludesNeverGiveARecord() throws Exception {
    Folder f = folder("temps");
    f.sh(
        "mkdir cache; for n in "
            + TEMPORARY_NAMES
            + " draft.scratch cache/pad.scratch; do printf 'one\\n' > \"$n\"; done;"
            + " printf 'a real file, to show the agent was looking\\n' > kept.txt");
    f.sh("for n in " + TEMPORARY_NAMES + "; do printf 'two\\n' >> \"$n\"; done");
    f.sh("mv movie.mkv.part movie.mkv.partial; mv '.doc.txt.swp' '.doc.txt.swx'");
    ChangeRecord kept = f.lookOne();
    f.assertFile(kept, "kept.txt", CREATED);
    f.sh("rm -r -- ./* ./.[!.]*");
    assertThat(f.look())
        .extracting(ChangeRecord::path, ChangeRecord::kind)
        .containsExactly(tuple(f.path("kept.txt"), DELETED));
  }

  @Test
  void aBrowserDownloadGivesOneCreatedForTheFinalNameOnly() throws Exception {
    Folder f = folder("download");
    f.sh("head -c 100000 /dev/urandom > setup.iso.crdownload");
    assertThat(f.look()).isEmpty();
    f.sh("head -c 100000 /dev/urandom >> setup.iso.crdownload; mv setup.iso.crdownload setup.iso");
    f.assertFile(f.lookOne(), "setup.iso", CREATED);
  }
}
