package dev.ferry.monitor.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyFolderTest {
  @TempDir Path dir;

  static String policy(String name, String root) {
    return "name: " + name + "\nroots: [" + root + "]\ntargets: [nas]\n";
  }

  @Test
  void everyYamlAndYmlFileInTheFolderIsAPolicy() throws Exception {
    Files.writeString(dir.resolve("a.yaml"), policy("a", "/a"));
    Files.writeString(dir.resolve("b.YML"), policy("b", "/b"));
    Files.writeString(dir.resolve("notes.txt"), "not a policy");
    Files.writeString(dir.resolve(".hidden.yaml"), "not: read");
    Files.writeString(dir.resolve("c.yaml~"), "not: read");
    Files.createDirectory(dir.resolve("sub.yaml"));

    PolicyFolder.Reload r = new PolicyFolder(dir).reload();

    assertThat(r.changed()).isTrue();
    assertThat(r.rejected()).isEmpty();
    assertThat(r.policies().policies()).extracting(Policy::name).containsExactly("a", "b");
  }

  @Test
  void anInvalidFileIsReportedAndTheOthersStillLoad() throws Exception {
    Files.writeString(dir.resolve("good.yaml"), policy("good", "/g"));
    Files.writeString(dir.resolve("bad.yaml"), "roots: [/b]\ntargets: [nas]\nhold: tomorrow\n");

    PolicyFolder.Reload r = new PolicyFolder(dir).reload();

    assertThat(r.policies().policies()).extracting(Policy::name).containsExactly("good");
    assertThat(r.rejected()).containsOnlyKeys(dir.resolve("bad.yaml"));
    assertThat(r.rejected().get(dir.resolve("bad.yaml")).getMessage())
        .isEqualTo(
            dir.resolve("bad.yaml")
                + ":3:7: field 'hold': 'tomorrow' is not a duration (use 90s, 15m, 10h; also ms and d)");
  }

  @Test
  void anInvalidEditKeepsThePreviousPolicyAndIsReportedOnce() throws Exception {
    Path f = dir.resolve("docs.yaml");
    Files.writeString(f, policy("docs", "/d"));
    PolicyFolder folder = new PolicyFolder(dir);
    Policy before = folder.reload().policies().policies().get(0);

    Files.writeString(f, policy("docs", "/d") + "settle: later\n");
    PolicyFolder.Reload r = folder.reload();

    assertThat(r.changed()).isFalse();
    assertThat(r.rejected()).containsOnlyKeys(f);
    assertThat(r.policies().policies()).containsExactly(before);
    assertThat(folder.reload().rejected()).isEmpty();

    Files.writeString(f, policy("docs", "/d") + "settle: 9s\n");
    r = folder.reload();
    assertThat(r.changed()).isTrue();
    assertThat(r.policies().policies().get(0).settle()).hasSeconds(9);
  }

  @Test
  void aDeletedFileTakesItsPolicyWithIt() throws Exception {
    Files.writeString(dir.resolve("a.yaml"), policy("a", "/a"));
    Files.writeString(dir.resolve("b.yaml"), policy("b", "/b"));
    PolicyFolder folder = new PolicyFolder(dir);
    folder.reload();

    Files.delete(dir.resolve("a.yaml"));
    PolicyFolder.Reload r = folder.reload();

    assertThat(r.changed()).isTrue();
    assertThat(r.policies().policies()).extracting(Policy::name).containsExactly("b");
    assertThat(folder.reload().changed()).isFalse();
  }

  @Test
  void aPolicyNameUsedTwiceRejectsTheLaterFileUntilTheNameIsFree() throws Exception {
    Files.writeString(dir.resolve("a.yaml"), policy("docs", "/a"));
    Files.writeString(dir.resolve("b.yaml"), "# copy of a\n" + policy("docs", "/b"));
    PolicyFolder folder = new PolicyFolder(dir);

    PolicyFolder.Reload r = folder.reload();

    assertThat(r.policies().policies())
        .extracting(Policy::file)
        .containsExactly(dir.resolve("a.yaml"));
    assertThat(r.rejected().get(dir.resolve("b.yaml")).getMessage())
        .isEqualTo(
            dir.resolve("b.yaml")
                + ":2:7: field 'name': 'docs' is already the name of the policy in "
                + dir.resolve("a.yaml")
                + "; policy names must be unique");

    Files.delete(dir.resolve("a.yaml"));
    r = folder.reload();
    assertThat(r.policies().policies())
        .extracting(Policy::file)
        .containsExactly(dir.resolve("b.yaml"));
    assertThat(r.rejected()).isEmpty();
  }
}
