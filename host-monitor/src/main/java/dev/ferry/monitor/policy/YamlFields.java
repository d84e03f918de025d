package dev.ferry.monitor.policy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The machinery shared by Ferry's YAML files (policies, the agent configuration): loading a file
 * into SnakeYAML's node tree with limits and no object construction ({@link #compose}), and reading
 * fields from the tree while collecting every error with its file, line, column and field path
 * ({@link PolicyError}). Each accessor returns null after recording an error, so one pass reports
 * everything wrong. One instance per file; not thread-safe.
 */
public final class YamlFields {
  /** Larger files are rejected before parsing. */
  public static final int MAX_BYTES = 256 * 1024;

  /** Ferry's files nest a few levels; this leaves room for honest mistakes only. */
  static final int MAX_DEPTH = 16;

  /** Aliases to lists or mappings (the billion-laughs vector); no Ferry file needs any. */
  static final int MAX_COLLECTION_ALIASES = 16;

  private final String shown;
  private final String kind;
  private final String exampleField;
  private final List<PolicyError> errors = new ArrayList<>();

  /**
   * @param shown the file as named in errors
   * @param kind what the file is, for messages: "policy", "agent configuration"
   * @param exampleField a field name to show when a key is not a plain word
   */
  public YamlFields(String shown, String kind, String exampleField) {
    this.shown = shown;
    this.kind = kind;
    this.exampleField = exampleField;
  }

  // ---- loading ----

  /**
   * The bytes of {@code file}, or {@code MAX_BYTES + 1} zero bytes if it is larger (rejected by
   * {@link #compose} with a clear message, without reading it).
   */
  public static byte[] read(Path file) throws IOException {
    long size = Files.size(file);
    if (size > MAX_BYTES) {
      return new byte[MAX_BYTES + 1];
    }
    return Files.readAllBytes(file);
  }

  /**
   * Checks, decodes and composes {@code content} into a node tree.
   *
   * @param shown the file as named in errors
   * @param kind what the file should be, for messages ("policy")
   * @param emptyHint the message for an empty file
   * @throws PolicyException on oversized, non-UTF-8, non-printable or invalid YAML content
   */
  public static Node compose(String shown, String kind, String emptyHint, byte[] content)
      throws PolicyException {
    if (content.length > MAX_BYTES) {
      throw new PolicyException(
          new PolicyError(
              shown,
              1,
              1,
              "",
              "file is larger than " + MAX_BYTES / 1024 + " KiB; is it a " + kind + "?"));
    }
    String text = decode(shown, content);
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(MAX_BYTES);
    options.setNestingDepthLimit(MAX_DEPTH);
    options.setMaxAliasesForCollections(MAX_COLLECTION_ALIASES);
    options.setAllowRecursiveKeys(false);
    options.setProcessComments(false);
    org.yaml.snakeyaml.reader.StreamReader reader =
        new org.yaml.snakeyaml.reader.StreamReader(text);
    try {
      Node root =
          new Composer(
                  new org.yaml.snakeyaml.parser.ParserImpl(reader, options),
                  new org.yaml.snakeyaml.resolver.Resolver(),
                  options)
              .getSingleNode();
      if (root == null) {
        throw new PolicyException(new PolicyError(shown, 1, 1, "", emptyHint));
      }
      return root;
    } catch (MarkedYAMLException e) {
      Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
      int line = m == null ? reader.getLine() : m.getLine();
      int column = m == null ? reader.getColumn() : m.getColumn();
      throw new PolicyException(
          new PolicyError(shown, line + 1, column + 1, "", "not valid YAML: " + problem));
    } catch (YAMLException e) {
      // Limits (nesting, aliases, size) carry no mark: report where the reader stopped.
      throw new PolicyException(
          new PolicyError(
              shown,
              reader.getLine() + 1,
              reader.getColumn() + 1,
              "",
              "not accepted: " + e.getMessage()));
    }
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
      if (!org.yaml.snakeyaml.reader.StreamReader.isPrintable(c)) {
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

  // ---- errors ----

  /** Records an error at {@code at}. */
  public void error(Node at, String field, String message) {
    errors.add(
        new PolicyError(
            shown,
            at.getStartMark().getLine() + 1,
            at.getStartMark().getColumn() + 1,
            field,
            message));
  }

  /** True if an error has been recorded. */
  public boolean hasErrors() {
    return !errors.isEmpty();
  }

  /** Throws the errors recorded so far, in file order, if there are any. */
  public void throwIfErrors() throws PolicyException {
    if (!errors.isEmpty()) {
      errors.sort(Comparator.comparingInt(PolicyError::line).thenComparingInt(PolicyError::column));
      throw new PolicyException(errors);
    }
  }

  // ---- generic node access; each returns null after recording an error ----

  /** The fields of a mapping by name, checking for unknown and repeated ones; null if none. */
  public Map<String, NodeTuple> fields(Node n, String prefix, List<String> known) {
    if (!(n instanceof MappingNode m)) {
      error(n, prefix, "expected fields (" + String.join(", ", known) + ")");
      return null;
    }
    Map<String, NodeTuple> fields = new LinkedHashMap<>();
    for (NodeTuple t : m.getValue()) {
      Node k = t.getKeyNode();
      String key = k instanceof ScalarNode s ? s.getValue() : null;
      String shownKey = key != null && key.length() > 64 ? key.substring(0, 61) + "..." : key;
      String path = prefix.isEmpty() ? shownKey : prefix + "." + shownKey;
      if (key == null) {
        error(k, prefix, "field names are plain words, like '" + exampleField + "'");
      } else if (!known.contains(key)) {
        error(k, path, "unknown field" + Suggest.closest(key, known));
      } else if (fields.containsKey(key)) {
        int line = fields.get(key).getKeyNode().getStartMark().getLine() + 1;
        error(k, path, "appears twice (first on line " + line + ")");
      } else {
        fields.put(key, t);
      }
    }
    return fields;
  }

  /** {@code read} of field {@code key}'s value, {@code absent} if the field is not there. */
  public <T> T optional(Map<String, NodeTuple> f, String key, T absent, Function<Node, T> read) {
    NodeTuple t = f.get(key);
    return t == null ? absent : read.apply(t.getValueNode());
  }

  /**
   * {@code read} of the value of {@code field} (a path; its last part is the key in {@code f});
   * null, with an error at {@code parent} ending in {@code hint}, if the field is missing.
   */
  public <T> T required(
      Map<String, NodeTuple> f, Node parent, String field, String hint, Function<Node, T> read) {
    String key = field.substring(field.lastIndexOf('.') + 1);
    NodeTuple t = f.get(key);
    if (t == null) {
      error(parent, field, "is missing; " + hint);
      return null;
    }
    return read.apply(t.getValueNode());
  }

  /** The items of a list; empty after an error. */
  public List<Node> list(Node n, String field) {
    if (n instanceof SequenceNode s && standardTag(s, field)) {
      return s.getValue();
    }
    if (!(n instanceof SequenceNode)) {
      error(n, field, "expected a list, like [a, b] or one '- item' per line");
    }
    return List.of();
  }

  /**
   * {@code out} if it has items; null otherwise, reporting an empty list (a list whose items were
   * all wrong has had its errors reported).
   */
  public <C extends Collection<?>> C nonEmpty(Node n, String field, C out) {
    if (!out.isEmpty()) {
      return out;
    }
    if (n instanceof SequenceNode s && s.getValue().isEmpty()) {
      error(n, field, "must not be empty");
    }
    return null;
  }

  /** A single non-empty value, stripped. */
  public String text(Node n, String field) {
    if (!(n instanceof ScalarNode s)) {
      error(n, field, "expected a single value, not a list or fields");
      return null;
    }
    if (!standardTag(n, field)) {
      return null;
    }
    if (n.getTag().equals(Tag.NULL)) {
      error(n, field, "has no value");
      return null;
    }
    String v = s.getValue().strip();
    if (v.isEmpty()) {
      error(n, field, "is empty");
      return null;
    }
    return v;
  }

  private boolean standardTag(Node n, String field) {
    String tag = n.getTag().getValue();
    if (!tag.startsWith(Tag.PREFIX)) {
      error(n, field, "tag " + Units.quote(tag) + " is not allowed in " + article(kind));
      return false;
    }
    return true;
  }

  /**
   * {@code parse} of the value's text; null, with the IllegalArgumentException's message as the
   * error, if it throws.
   */
  public <T> T convert(Node n, String field, Function<String, T> parse) {
    String v = text(n, field);
    if (v == null) {
      return null;
    }
    try {
      return parse.apply(v);
    } catch (IllegalArgumentException e) {
      error(n, field, e.getMessage());
      return null;
    }
  }

  /** A duration as policies write them: {@code 10ms}, {@code 90s}, {@code 15m}, {@code 10h}. */
  public Duration duration(Node n, String field) {
    return convert(n, field, Units::duration);
  }

  /** A size as policies write them: {@code 4096}, {@code 64MiB}, {@code 1 GB}. */
  public Long size(Node n, String field) {
    return convert(n, field, Units::size);
  }

  private static String article(String noun) {
    return ("aeiou".indexOf(noun.charAt(0)) >= 0 ? "an " : "a ") + noun;
  }

  /** The value in quotes, shortened and with control characters escaped, for messages. */
  public static String quote(String value) {
    return Units.quote(value);
  }
}
