package dev.ferry.monitor.policy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads one policy file (format: {@code src-docs/policy.md}). Only SnakeYAML's composer runs: the
 * document becomes a tree of nodes that keep their line and column, and no Java object is ever
 * constructed from a tag. Size, nesting depth and aliases are limited, so a hostile file yields a
 * {@link PolicyException}, not an OutOfMemoryError or StackOverflowError. Stateless, thread-safe.
 */
public final class PolicyParser {
  /** Larger policy files are rejected before parsing. */
  public static final int MAX_BYTES = YamlFields.MAX_BYTES;

  private static final Pattern FILE_SUFFIX = Pattern.compile("\\.ya?ml$");

  private PolicyParser() {}

  /**
   * Reads and parses {@code file}; errors name it as given.
   *
   * @throws IOException if it cannot be read
   */
  public static Policy parse(Path file) throws IOException, PolicyException {
    return parse(file, read(file)).policy();
  }

  /**
   * Parses {@code content}, the bytes of a file named {@code fileName} in errors. Without a {@code
   * name} field the policy is named after the file, less its {@code .yaml} or {@code .yml}.
   */
  public static Policy parse(String fileName, byte[] content) throws PolicyException {
    return parse(Path.of(fileName), content).policy();
  }

  /** A parsed policy and where its name was written, for the duplicate-name check. */
  record Parsed(Policy policy, int nameLine, int nameColumn) {}

  static Parsed parse(Path file, byte[] content) throws PolicyException {
    String shown = file.toString();
    Node root =
        YamlFields.compose(
            shown, "policy", "file is empty; a policy needs at least roots and targets", content);
    Path fileName = file.getFileName();
    String defaultName =
        FILE_SUFFIX.matcher(fileName == null ? shown : fileName.toString()).replaceFirst("");
    return new PolicyReader(shown, file, defaultName, home()).read(root);
  }

  static byte[] read(Path file) throws IOException {
    return YamlFields.read(file);
  }

  private static Path home() {
    return Path.of(System.getProperty("user.home", "/"));
  }
}
