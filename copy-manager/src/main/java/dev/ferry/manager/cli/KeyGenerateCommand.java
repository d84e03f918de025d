package dev.ferry.manager.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ferry key generate --out FILE}: 256 random bits as 64 hex digits and a newline, in a new
 * file only its owner can read. Never overwrites: a key file replaced by mistake is a target lost.
 */
@Command(name = "generate", description = "Write a new random key file (256 bits).")
final class KeyGenerateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE",
      description = "the key file to create; must not exist")
  Path out;

  @Override
  public Integer call() throws IOException {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    byte[] text = (HexFormat.of().formatHex(key) + "\n").getBytes(StandardCharsets.US_ASCII);
    try {
      Files.createFile(
          out, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (FileAlreadyExistsException e) {
      throw new ParameterException(
          spec.commandLine(), "--out " + out + " exists: not overwritten (it may be a key in use)");
    }
    try (OutputStream o =
        Files.newOutputStream(out, StandardOpenOption.WRITE, StandardOpenOption.SYNC)) {
      o.write(text);
    }
    System.out.println(
        "wrote key file "
            + out
            + "; keep a copy apart from the target: without it the target cannot be read");
    return 0;
  }
}
