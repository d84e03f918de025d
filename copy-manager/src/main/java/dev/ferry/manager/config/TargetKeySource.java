package dev.ferry.manager.config;

import dev.ferry.target.TargetCredential;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the key of an encrypted target comes from, the same for every command and for the drain: a
 * key file, a passphrase file, or the {@code FERRY_PASSPHRASE} environment variable, in that order
 * of precedence, at most one of the two files. None of them: the target is opened (or created)
 * unencrypted. See {@code src-docs/key-management.md}.
 */
public final class TargetKeySource {
  /** The environment variable holding a passphrase when no file is given. */
  public static final String PASSPHRASE_ENV = "FERRY_PASSPHRASE";

  private TargetKeySource() {}

  /**
   * @throws IllegalArgumentException if both files are given, or a passphrase is empty or not
   *     UTF-8; the message names the option or variable
   * @throws IOException if a file cannot be read (the message names it)
   */
  public static Optional<TargetCredential> resolve(
      Optional<Path> keyFile, Optional<Path> passphraseFile, Map<String, String> env)
      throws IOException {
    if (keyFile.isPresent() && passphraseFile.isPresent()) {
      throw new IllegalArgumentException(
          "--key-file and --passphrase-file exclude each other: a target has one key");
    }
    if (keyFile.isPresent()) {
      return Optional.of(TargetCredential.keyFile(keyFile.get()));
    }
    if (passphraseFile.isPresent()) {
      Path p = passphraseFile.get();
      char[] pass = passphraseFrom(Files.readAllBytes(p), "--passphrase-file " + p);
      return Optional.of(TargetCredential.passphrase(pass));
    }
    String fromEnv = env.get(PASSPHRASE_ENV);
    if (fromEnv != null) {
      if (fromEnv.isEmpty()) {
        throw new IllegalArgumentException(PASSPHRASE_ENV + " is set but empty");
      }
      return Optional.of(TargetCredential.passphrase(fromEnv.toCharArray()));
    }
    return Optional.empty();
  }

  /**
   * A passphrase file's text: strict UTF-8 without one trailing newline ({@code \n} or {@code
   * \r\n}), which editors and {@code echo} add; every other byte counts.
   */
  static char[] passphraseFrom(byte[] content, String what) {
    int end = content.length;
    if (end > 0 && content[end - 1] == '\n') {
      end--;
      if (end > 0 && content[end - 1] == '\r') {
        end--;
      }
    }
    if (end == 0) {
      throw new IllegalArgumentException(what + " holds an empty passphrase");
    }
    try {
      CharBuffer cb =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(content, 0, end));
      char[] out = new char[cb.remaining()];
      cb.get(out);
      return out;
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(what + " is not UTF-8 text");
    }
  }
}
