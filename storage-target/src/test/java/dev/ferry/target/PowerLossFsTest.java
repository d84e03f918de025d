package dev.ferry.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.target.PowerLossFs.DirChanges;
import dev.ferry.target.PowerLossFs.Image;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The power-loss layer itself: if its model is wrong, the simulation proves nothing. */
class PowerLossFsTest {
  @TempDir Path tmp;

  private Path live;
  private PowerLossFs fs;
  private int images;

  private void start() throws IOException {
    live = tmp.resolve("live");
    fs = PowerLossFs.over(live);
  }

  private Image image(DirChanges kept) throws IOException {
    return fs.crashImage(tmp.resolve("image" + images++), new Random(images), kept);
  }

  private void write(String name, String content) throws IOException {
    fs.write(
        live.resolve(name), List.of(ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8))));
  }

  private static String read(Path p) throws IOException {
    return Files.readString(p, StandardCharsets.UTF_8);
  }

  @Test
  void aFileFsyncedAndNamedDurablySurvivesWhole() throws IOException {
    start();
    write("a", "hello");
    fs.fsync(live.resolve("a"));
    fs.fsyncDir(live);
    Image img = image(DirChanges.NONE);
    assertThat(read(img.dir().resolve("a"))).isEqualTo("hello");
    assertThat(img.differingPaths()).isZero();
    assertThat(img.tornFileVisible()).isFalse();
  }

  @Test
  void aNewNameIsLostWithoutADirectoryFsyncEvenIfItsBytesWereFsynced() throws IOException {
    start();
    write("a", "hello");
    fs.fsync(live.resolve("a"));
    Image img = image(DirChanges.NONE);
    assertThat(img.dir().resolve("a")).doesNotExist();
    assertThat(img.differingPaths()).isEqualTo(1);
  }

  @Test
  void unsyncedBytesAreDroppedAndOnlyTheLastUnsyncedWriteIsTorn() throws IOException {
    start();
    write("a", "dropped entirely");
    write("b", "the last write, torn");
    fs.fsyncDir(live);
    Image img = image(DirChanges.NONE);
    assertThat(Files.size(img.dir().resolve("a"))).isZero();
    byte[] torn = Files.readAllBytes(img.dir().resolve("b"));
    byte[] full = "the last write, torn".getBytes(StandardCharsets.UTF_8);
    assertThat(torn).isNotEqualTo(full);
    assertThat(torn.length).isLessThanOrEqualTo(full.length);
    assertThat(img.tornFileVisible()).isTrue();
  }

  @Test
  void aTornFileIsAPrefixOfWhatWasWrittenPerhapsFollowedByZeros() throws IOException {
    start();
    byte[] full = Fixtures.bytes(7, 1000);
    for (int i = 0; i < 50; i++) {
      Path f = live.resolve("f" + i);
      fs.write(f, List.of(ByteBuffer.wrap(full)));
      fs.fsyncDir(live);
      byte[] torn = Files.readAllBytes(image(DirChanges.NONE).dir().resolve("f" + i));
      assertThat(torn.length).isLessThanOrEqualTo(full.length);
      int prefix = 0;
      while (prefix < torn.length && torn[prefix] == full[prefix]) {
        prefix++;
      }
      assertThat(prefix).isLessThan(full.length);
      for (int j = prefix; j < torn.length; j++) {
        assertThat(torn[j]).as("byte %d after the prefix", j).isZero();
      }
    }
  }

  @Test
  void anFsyncEndsTheTear() throws IOException {
    start();
    write("a", "whole");
    fs.fsync(live.resolve("a"));
    write("a", "rewritten, not synced");
    fs.fsync(live.resolve("a"));
    fs.fsyncDir(live);
    assertThat(read(image(DirChanges.NONE).dir().resolve("a"))).isEqualTo("rewritten, not synced");
  }

  @Test
  void aRenameWithoutADirectoryFsyncIsUndoneAndWithOneIsKept() throws IOException {
    start();
    write("x.tmp", "new");
    fs.fsync(live.resolve("x.tmp"));
    fs.fsyncDir(live);
    fs.rename(live.resolve("x.tmp"), live.resolve("x"));
    Image undone = image(DirChanges.NONE);
    assertThat(read(undone.dir().resolve("x.tmp"))).isEqualTo("new");
    assertThat(undone.dir().resolve("x")).doesNotExist();
    fs.fsyncDir(live);
    Image kept = image(DirChanges.NONE);
    assertThat(read(kept.dir().resolve("x"))).isEqualTo("new");
    assertThat(kept.dir().resolve("x.tmp")).doesNotExist();
  }

  @Test
  void aRenameOverAnOldFileLeavesTheOldOneUntilTheDirectoryFsync() throws IOException {
    start();
    write("x", "old");
    fs.fsync(live.resolve("x"));
    fs.fsyncDir(live);
    write("x.tmp", "new");
    fs.fsync(live.resolve("x.tmp"));
    fs.rename(live.resolve("x.tmp"), live.resolve("x"));
    Image img = image(DirChanges.NONE);
    assertThat(read(img.dir().resolve("x"))).isEqualTo("old");
    assertThat(img.dir().resolve("x.tmp")).doesNotExist();
  }

  @Test
  void aDeleteWithoutADirectoryFsyncIsUndone() throws IOException {
    start();
    write("a", "kept");
    fs.fsync(live.resolve("a"));
    fs.fsyncDir(live);
    assertThat(fs.deleteIfExists(live.resolve("a"))).isTrue();
    assertThat(live.resolve("a")).doesNotExist();
    assertThat(read(image(DirChanges.NONE).dir().resolve("a"))).isEqualTo("kept");
    fs.fsyncDir(live);
    assertThat(image(DirChanges.NONE).dir().resolve("a")).doesNotExist();
  }

  @Test
  void aDirectoryNotDurablyNamedLosesEverythingInIt() throws IOException {
    start();
    fs.createDir(live.resolve("d"));
    write("d/a", "inside");
    fs.fsync(live.resolve("d/a"));
    fs.fsyncDir(live.resolve("d"));
    assertThat(image(DirChanges.NONE).dir().resolve("d")).doesNotExist();
    fs.fsyncDir(live);
    assertThat(read(image(DirChanges.NONE).dir().resolve("d/a"))).isEqualTo("inside");
  }

  @Test
  void someKeepsARandomPrefixOfEachDirectorysPendingChangesInOrder() throws IOException {
    start();
    for (int i = 0; i < 6; i++) {
      write("f" + i, "x");
      fs.fsync(live.resolve("f" + i));
    }
    boolean sawPartial = false;
    boolean sawNone = false;
    boolean sawAll = false;
    for (int seed = 0; seed < 60; seed++) {
      Image img = image(DirChanges.SOME);
      int present = 0;
      for (int i = 0; i < 6; i++) {
        if (Files.exists(img.dir().resolve("f" + i))) {
          assertThat(present).as("f%d kept only after every earlier change", i).isEqualTo(i);
          present++;
        }
      }
      sawNone |= present == 0;
      sawAll |= present == 6;
      sawPartial |= present > 0 && present < 6;
    }
    assertThat(sawNone).isTrue();
    assertThat(sawAll).isTrue();
    assertThat(sawPartial).isTrue();
  }

  @Test
  void keptNameOfAFileNeverFsyncedHoldsNoBytes() throws IOException {
    start();
    write("never-synced", "lost bytes");
    write("last", "torn");
    for (int seed = 0; seed < 30; seed++) {
      Path p = image(DirChanges.SOME).dir().resolve("never-synced");
      if (Files.exists(p)) {
        assertThat(Files.size(p)).isZero();
      }
    }
  }

  @Test
  void theCutOperationAndEveryLaterOneThrowAndOnlyAWriteAtTheCutLeavesTornBytes()
      throws IOException {
    start();
    write("a", "durable");
    fs.fsync(live.resolve("a"));
    fs.fsyncDir(live);
    fs.cutAt(2);
    fs.fsync(live.resolve("a")); // operation 1 after the call: still powered
    assertThatThrownBy(() -> write("a", "rewrite cut short"))
        .isInstanceOf(PowerLossFs.PowerCutException.class);
    assertThatThrownBy(() -> fs.fsync(live.resolve("a")))
        .isInstanceOf(PowerLossFs.PowerCutException.class);
    assertThatThrownBy(() -> fs.deleteIfExists(live.resolve("a")))
        .isInstanceOf(PowerLossFs.PowerCutException.class);
    assertThat(live.resolve("a")).exists();
    assertThat(fs.isOff()).isTrue();
    assertThat(fs.operations()).isEqualTo(5);
    Image img = image(DirChanges.NONE);
    assertThat(img.tornFileVisible()).isTrue();
    assertThat(read(img.dir().resolve("a"))).isNotEqualTo("rewrite cut short");
  }

  @Test
  void aRenameAtTheCutDoesNotHappen() throws IOException {
    start();
    write("x.tmp", "new");
    fs.fsync(live.resolve("x.tmp"));
    fs.fsyncDir(live);
    fs.cutAt(1);
    assertThatThrownBy(() -> fs.rename(live.resolve("x.tmp"), live.resolve("x")))
        .isInstanceOf(PowerLossFs.PowerCutException.class);
    assertThat(live.resolve("x.tmp")).exists();
    assertThat(image(DirChanges.SOME).dir().resolve("x")).doesNotExist();
  }

  @Test
  void anInjectedFaultFailsOneOperationWithoutEffectAndThePowerStaysOn() throws IOException {
    start();
    write("x.tmp", "new");
    fs.fsync(live.resolve("x.tmp"));
    fs.fsyncDir(live);
    fs.rename(live.resolve("x.tmp"), live.resolve("x"));
    fs.failAt(1);
    assertThatThrownBy(() -> fs.fsyncDir(live)).isInstanceOf(PowerLossFs.InjectedFault.class);
    assertThat(fs.isOff()).isFalse();
    assertThat(fs.takeFault()).isTrue();
    assertThat(fs.takeFault()).isFalse();
    assertThat(image(DirChanges.NONE).dir().resolve("x")).doesNotExist();
    fs.fsyncDir(live);
    assertThat(read(image(DirChanges.NONE).dir().resolve("x"))).isEqualTo("new");
  }

  @Test
  void existingFilesAreTakenAsDurable() throws IOException {
    Path base = Files.createDirectories(tmp.resolve("live/sub"));
    Files.writeString(base.resolve("old"), "there before");
    start();
    write("sub/new", "not durable");
    fs.fsync(live.resolve("sub/new"));
    Image img = image(DirChanges.NONE);
    assertThat(read(img.dir().resolve("sub/old"))).isEqualTo("there before");
    assertThat(img.dir().resolve("sub/new")).doesNotExist();
  }

  @Test
  void pathsOutsideTheBaseAreRefused() throws IOException {
    start();
    assertThatThrownBy(() -> fs.createDir(tmp.resolve("elsewhere")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
