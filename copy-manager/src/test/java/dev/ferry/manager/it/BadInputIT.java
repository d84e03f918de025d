package dev.ferry.manager.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input: one line on stderr naming the culprit, a non-zero exit, nothing started. */
class BadInputIT {
  @TempDir Path base;

  @Test
  void aMissingWatchRootIsNamed() throws Exception {
    Ferry.Result r =
        standalone(base.resolve("nope").toString(), base.resolve("t").toString(), "10h");
    assertOneLineError(r, "--watch " + base.resolve("nope"));
  }

  @Test
  void anUnreadableWatchRootIsNamed() throws Exception {
    // Root reads every folder, so the check is made as an unprivileged user when run as root.
    boolean root = "root".equals(System.getProperty("user.name"));
    Path open = Files.createTempDirectory(Path.of("/tmp"), "ferry-unreadable");
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path locked = Files.createDirectories(open.resolve("locked"));
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
    try {
      java.util.List<String> asUser =
          root ? java.util.List.of("runuser", "-u", "nobody", "--") : java.util.List.of();
      Ferry.Result r =
          Ferry.runWrapped(
              asUser,
              "standalone",
              "--watch",
              locked.toString(),
              "--target",
              open.resolve("t").toString(),
              "--data",
              open.resolve("d").toString());
      assertOneLineError(r, "--watch " + locked + ": not readable");
    } finally {
      Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
      Files.delete(locked);
      Files.delete(open);
    }
  }

  @Test
  void anUnwritableTargetIsNamed() throws Exception {
    Path watch = Files.createDirectories(base.resolve("w"));
    Path notADir = Files.writeString(base.resolve("plain-file"), "x");
    Ferry.Result r = standalone(watch.toString(), notADir.resolve("target").toString(), "10h");
    assertOneLineError(r, notADir.resolve("target").toString());
  }

  @Test
  void anUnknownFlagIsNamed() throws Exception {
    Ferry.Result r = Ferry.run("snapshots", "--target", base.toString(), "--colour");
    assertOneLineError(r, "--colour");
  }

  @Test
  void aBadDurationIsNamed() throws Exception {
    Path watch = Files.createDirectories(base.resolve("w"));
    Ferry.Result r = standalone(watch.toString(), base.resolve("t").toString(), "ten hours");
    assertOneLineError(r, "ten hours");
    assertThat(r.err()).contains("--hold");
  }

  @Test
  void statusWithoutARunningFerryNamesTheDataFolder() throws Exception {
    Ferry.Result r = Ferry.run("status", "--data", base.toString());
    assertOneLineError(r, base.toString());
  }

  @Test
  void restoreFromAFolderThatIsNoTargetNamesIt() throws Exception {
    Ferry.Result r =
        Ferry.run("restore", "--target", base.toString(), "--to", base.resolve("out").toString());
    assertOneLineError(r, base.toString());
  }

  private Ferry.Result standalone(String watch, String target, String hold) throws Exception {
    return Ferry.run(
        "standalone",
        "--watch",
        watch,
        "--target",
        target,
        "--data",
        base.resolve("data").toString(),
        "--hold",
        hold,
        "--port",
        "0");
  }

  private static void assertOneLineError(Ferry.Result r, String culprit) {
    assertThat(r.exit()).as(r.toString()).isNotZero();
    assertThat(r.err().strip().lines().count()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).as(r.toString()).startsWith("ferry: ").contains(culprit);
  }
}
