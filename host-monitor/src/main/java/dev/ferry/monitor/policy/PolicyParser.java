package dev.ferry.monitor.policy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads one policy file (format: {@code src-docs/policy.md}). Only SnakeYAML's composer runs: the
 * document becomes a tree of nodes that keep their line and column, and no Java object is ever
 * constructed from a tag. Size, nesting depth and aliases are limited, so a hostile file yields a
 * {@link PolicyException}, not an OutOfMemoryError or StackOverflowError. Stateless, thread-safe.
 */
public final class PolicyParser {
  /** Larger policy files are rejected before parsing. */
  public static final int MAX_BYTES = 256 * 1024;

  /** Policy files nest three levels; this leaves room for honest mistakes only. */
  static final int MAX_DEPTH = 16;

  /** Aliases to lists or mappings (the billion-laughs vector); a policy needs none. */
  static final int MAX_COLLECTION_ALIASES = 16;

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
    if (content.length > MAX_BYTES) {
      throw new PolicyException(
          new PolicyError(
              shown,
              1,
              1,
              "",
              "file is larger than " + MAX_BYTES / 1024 + " KiB; is it a policy?"));
    }
    String text = decode(shown, content);
    Node root = compose(shown, text);
    Path fileName = file.getFileName();
    String defaultName =
        FILE_SUFFIX.matcher(fileName == null ? shown : fileName.toString()).replaceFirst("");
    return new PolicyReader(shown, file, defaultName, home()).read(root);
  }

  static byte[] read(Path file) throws IOException {
    long size = Files.size(file);
    if (size > MAX_BYTES) {
      return new byte[MAX_BYTES + 1]; // rejected by parse with a clear message; not read
    }
    return Files.readAllBytes(file);
  }

  private static Path home() {
    return Path.of(System.getProperty("user.home", "/"));
  }

  private static String decode(String file, byte[] content) throws PolicyException {
    CharsetDecoder d =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    String text;
    try {
      text = d.decode(ByteBuffer.wrap(content)).toString();
    } catch (CharacterCodingException e) {
      String good = new String(content, StandardCharsets.UTF_8);
      int bad = good.indexOf('\uFFFD');
      throw error(file, good, Math.max(0, bad), "file is not UTF-8 text");
    }
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      if (!StreamReader.isPrintable(c)) {
        throw error(
            file,
            text,
            i,
            String.format(
                java.util.Locale.ROOT, "character U+%04X is not allowed in a YAML file", c));
      }
      i += Character.charCount(c);
    }
    return text;
  }

  /** An error at char index {@code at} of {@code text}. */
  private static PolicyException error(String file, String text, int at, String message) {
    int line = 1;
    int column = 1;
    for (int i = 0; i < at && i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
    return new PolicyException(new PolicyError(file, line, column, "", message));
  }

  private static Node compose(String file, String text) throws PolicyException {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(MAX_BYTES);
    options.setNestingDepthLimit(MAX_DEPTH);
    options.setMaxAliasesForCollections(MAX_COLLECTION_ALIASES);
    options.setAllowRecursiveKeys(false);
    options.setProcessComments(false);
    StreamReader reader = new StreamReader(text);
    try {
      Node root =
          new Composer(new ParserImpl(reader, options), new Resolver(), options).getSingleNode();
      if (root == null) {
        throw new PolicyException(
            new PolicyError(
                file, 1, 1, "", "file is empty; a policy needs at least roots and targets"));
      }
      return root;
    } catch (MarkedYAMLException e) {
      Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
      int line = m == null ? reader.getLine() : m.getLine();
      int column = m == null ? reader.getColumn() : m.getColumn();
      throw new PolicyException(
          new PolicyError(file, line + 1, column + 1, "", "not valid YAML: " + problem));
    } catch (YAMLException e) {
      // Limits (nesting, aliases, size) carry no mark: report where the reader stopped.
      throw new PolicyException(
          new PolicyError(
              file,
              reader.getLine() + 1,
              reader.getColumn() + 1,
              "",
              "not accepted: " + e.getMessage()));
    }
  }
}
