package dev.ferry.manager.cli;

import static dev.ferry.manager.cli.CliRun.ferry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.manager.cli.CliRun.Run;
import dev.ferry.target.ChunkHash;
import dev.ferry.target.ChunkRef;
import dev.ferry.target.Compression;
import dev.ferry.target.DiskTarget;
import dev.ferry.target.FileEntry;
import dev.ferry.target.SnapshotWriter;
import dev.ferry.target.TargetCredential;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands on an encrypted target, in-process: {@code ferry key generate} makes the key file,
 * every reading command opens the target with {@code --key-file} or {@code --passphrase-file} and
 * fails in one line naming the target without it or with a wrong one, {@code ferry key change}
 * swaps what unlocks it.
 */
class EncryptedTargetCommandsTest {
  @TempDir Path tmp;
  private Path dir;
  private Path key;

  @BeforeEach
  void encryptedTargetWithOneSnapshot() throws IOException {
    dir = tmp.resolve("target");
    key = tmp.resolve("target.key");
    Run gen = ferry("key", "generate", "--out", key.toString());
    assertThat(gen.exit()).as(gen.toString()).isZero();
    try (DiskTarget t =
        DiskTarget.openOrCreate(dir, Compression.DEFAULT, TargetCredential.keyFile(key))) {
      try (SnapshotWriter w = t.newSnapshot(1, "h", OptionalLong.empty())) {
        byte[] b = "secret content".getBytes(StandardCharsets.UTF_8);
        ChunkHash h = ChunkHash.of(b, 0, b.length);
        w.putChunk(h, b, 0, b.length, "docs/a.txt");
        w.putFile(
            FileEntry.regularFile("docs/a.txt", b.length, 1, 0644, List.of(new ChunkRef(h, 14))));
        w.commit();
      }
    }
  }

  @Test
  void keyGenerateWritesAnOwnerOnlyHexKeyAndNeverOverwrites() throws IOException {
    assertThat(Files.readString(key)).matches("[0-9a-f]{64}\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
    String before = Files.readString(key);
    Run again = ferry("key", "generate", "--out", key.toString());
    assertThat(again.exit()).isEqualTo(FerryCli.USAGE);
    assertThat(again.err()).contains("exists");
    assertThat(Files.readString(key)).isEqualTo(before);
  }

  @Test
  void readingCommandsOpenTheTargetWithItsKeyFileOnly() throws IOException {
    String t = dir.toString();
    String k = key.toString();
    assertThat(ferry("snapshots", "--target", t, "--key-file", k).exit()).isZero();
    Run verify = ferry("verify", "--target", t, "--key-file", k, "--read-data");
    assertThat(verify.exit()).as(verify.toString()).isZero();
    assertThat(verify.out()).contains("no damage");
    Path out = tmp.resolve("out");
    Run restore = ferry("restore", "--target", t, "--key-file", k, "--to", out.toString());
    assertThat(restore.exit()).as(restore.toString()).isZero();
    assertThat(out.resolve("docs/a.txt")).hasContent("secret content");

    Run none = ferry("snapshots", "--target", t);
    assertThat(none.exit()).isEqualTo(FerryCli.FAILED);
    assertThat(none.err().lines())
        .singleElement()
        .asString()
        .contains("is encrypted")
        .contains(dir.toAbsolutePath().toString());
    Path wrong = tmp.resolve("wrong.key");
    assertThat(ferry("key", "generate", "--out", wrong.toString()).exit()).isZero();
    Run bad = ferry("verify", "--target", t, "--key-file", wrong.toString());
    assertThat(bad.exit()).isEqualTo(FerryCli.FAILED);
    assertThat(bad.err().lines())
        .singleElement()
        .asString()
        .contains("wrong key file " + wrong)
        .contains(dir.toAbsolutePath().toString());
    Path pass = tmp.resolve("pass");
    Files.writeString(pass, "x\n");
    Run both =
        ferry("snapshots", "--target", t, "--key-file", k, "--passphrase-file", pass.toString());
    assertThat(both.exit()).isEqualTo(FerryCli.USAGE);
  }

  @Test
  void keyChangeSwapsTheKeyFileForAPassphrase() throws IOException {
    Path pass = tmp.resolve("pass");
    Files.writeString(pass, "correct horse battery staple\n");
    String t = dir.toString();
    Run change =
        ferry(
            "key",
            "change",
            "--target",
            t,
            "--key-file",
            key.toString(),
            "--new-passphrase-file",
            pass.toString());
    assertThat(change.exit()).as(change.toString()).isZero();
    assertThat(ferry("snapshots", "--target", t, "--key-file", key.toString()).exit())
        .isEqualTo(FerryCli.FAILED);
    Run withPass = ferry("snapshots", "--target", t, "--passphrase-file", pass.toString());
    assertThat(withPass.exit()).as(withPass.toString()).isZero();
    // The trailing newline is not part of the passphrase; any other byte is.
    Files.writeString(pass, "correct horse battery staple");
    assertThat(ferry("snapshots", "--target", t, "--passphrase-file", pass.toString()).exit())
        .isZero();
    Files.writeString(pass, "correct horse battery staple \n");
    assertThat(ferry("snapshots", "--target", t, "--passphrase-file", pass.toString()).exit())
        .isEqualTo(FerryCli.FAILED);
  }
}
