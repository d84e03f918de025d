package dev.ferry.manager.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One JSON object a manager answered, read with jackson-jr rather than databind: a client command
 * lives for a fraction of a second, and setting up databind's {@code ObjectMapper} was ~70 ms of it
 * (async-profiler, 2026-12-03; jackson-jr's reader loads a few dozen classes). Absent fields read
 * as the caller's default, as databind's {@code path(...)} did.
 */
final class JsonView {
  private final Map<String, Object> fields;

  private JsonView(Map<String, Object> fields) {
    this.fields = fields;
  }

  /**
   * @throws IOException if {@code json} is not one JSON object
   */
  static JsonView parse(String json) throws IOException {
    Object value = JSON.std.anyFrom(json);
    if (!(value instanceof Map<?, ?> m)) {
      throw new IOException("expected a JSON object, got: " + abbreviated(json));
    }
    return of(m);
  }

  @SuppressWarnings("unchecked")
  private static JsonView of(Map<?, ?> m) {
    return new JsonView((Map<String, Object>) m);
  }

  /** The field as text (a number as its digits); {@code absent} if missing or null. */
  String text(String name, String absent) {
    Object v = fields.get(name);
    return v == null ? absent : v.toString();
  }

  /** The field as a whole number; {@code absent} if missing, null or not a number. */
  long number(String name, long absent) {
    return fields.get(name) instanceof Number n ? n.longValue() : absent;
  }

  boolean isNull(String name) {
    return fields.get(name) == null;
  }

  /** The objects of an array field; empty if missing. */
  List<JsonView> objects(String name) {
    List<JsonView> out = new ArrayList<>();
    if (fields.get(name) instanceof List<?> l) {
      for (Object o : l) {
        if (o instanceof Map<?, ?> m) {
          out.add(of(m));
        }
      }
    }
    return out;
  }

  /** The values of an array field as text; empty if missing. */
  List<String> texts(String name) {
    List<String> out = new ArrayList<>();
    if (fields.get(name) instanceof List<?> l) {
      for (Object o : l) {
        out.add(String.valueOf(o));
      }
    }
    return out;
  }

  private static String abbreviated(String s) {
    String line = s.replace('\n', ' ');
    return line.length() <= 200 ? line : line.substring(0, 200) + "…";
  }
}
