package dev.ferry.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.monitor.journal.ChangeKind;
import dev.ferry.monitor.journal.ChangeRecord;
import dev.ferry.monitor.policy.Versions;
import dev.ferry.monitor.staging.StagedVersion;
import dev.ferry.monitor.staging.StagingStore;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Under an every-save policy each save is staged while it is mapped, as its own version. */
class HostMonitorEverySaveTest extends MonitorTestBase {
  private void startEverySave(long quota) throws Exception {
    staging = StagingStore.open(tmp.resolve("staging"), quota);
    versions = Versions.EVERY_SAVE;
    start();
  }

  @AfterEach
  void closeStaging() throws Exception {
    if (monitor != null) {
      monitor.close();
      monitor = null;
    }
    if (staging != null) {
      staging.close();
    }
  }

  private void saveByRename(String name, String content) throws Exception {
    write(name + ".tmp", content);
    Files.move(
        root.resolve(name + ".tmp"),
        root.resolve(name),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
  }

  private String staged(long stageId) throws Exception {
    try (StagedVersion v = staging.open(stageId).orElseThrow();
        InputStream in = v.newInputStream()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toString(StandardCharsets.UTF_8);
    }
  }

  @Test
  void everySaveIsStagedAndReadsBackAsSavedAfterTheFileMovedOn() throws Exception {
    write("existing.txt", "there before the agent");
    startEverySave(64L << 20);
    ChangeRecord scanned = await(r -> r.path().equals("existing.txt"));
    assertThat(scanned.stageId()).as("a first sight is not a save").isZero();

    List<ChangeRecord> saves = new ArrayList<>();
    for (String v : new String[] {"draft one", "draft two, longer", "final"}) {
      saveByRename("essay.txt", v);
      int n = saves.size();
      saves.add(
          await(
              r -> r.path().equals("essay.txt") && records.indexOf(r) >= 0 && !saves.contains(r)));
      assertThat(saves).hasSize(n + 1);
    }
    assertThat(saves)
        .extracting(ChangeRecord::kind)
        .containsExactly(ChangeKind.CREATED, ChangeKind.MODIFIED, ChangeKind.MODIFIED);
    assertThat(saves).allSatisfy(r -> assertThat(r.stageId()).isPositive());
    assertThat(staged(saves.get(0).stageId())).isEqualTo("draft one");
    assertThat(staged(saves.get(1).stageId())).isEqualTo("draft two, longer");
    assertThat(staged(saves.get(2).stageId())).isEqualTo("final");
  }

  @Test
  void aSaveThatDoesNotFitTheQuotaIsRecordedUnstagedAndWarnedAbout() throws Exception {
    startEverySave(64 * 1024);
    awaitSentinel();
    byte[] big = new byte[512 * 1024];
    new java.util.Random(3).nextBytes(big);
    Files.write(root.resolve("big.bin.tmp"), big);
    Files.move(
        root.resolve("big.bin.tmp"), root.resolve("big.bin"), StandardCopyOption.ATOMIC_MOVE);
    ChangeRecord r = await(x -> x.path().equals("big.bin"));
    assertThat(r.stageId()).isZero();
    assertThat(monitor.health().unstagedSaves()).isEqualTo(1);
    assertThat(monitor.health().warnings()).anySatisfy(w -> assertThat(w).contains("not staged"));
    assertThat(monitor.health().problems()).isEmpty();
  }
}
