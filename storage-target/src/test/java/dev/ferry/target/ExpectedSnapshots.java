package dev.ferry.target;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a power-loss run expects of the target: for each snapshot id the contents it may hold. A
 * commit that returned leaves one candidate and makes the id required; a commit cut short adds its
 * content as a further candidate (its root may or may not have landed). {@link #check} narrows
 * every id to what the target really holds, failing if that is none of the candidates or if a
 * required id is missing. Not thread-safe.
 */
final class ExpectedSnapshots {
  /** Path to content; a snapshot's whole state. */
  static final class Content extends TreeMap<String, byte[]> {
    private static final long serialVersionUID = 1L;

    Content() {}

    Content(Map<String, byte[]> m) {
      super(m);
    }

    boolean sameAs(Map<String, byte[]> other) {
      if (!keySet().equals(other.keySet())) {
        return false;
      }
      for (Map.Entry<String, byte[]> e : entrySet()) {
        if (!Arrays.equals(e.getValue(), other.get(e.getKey()))) {
          return false;
        }
      }
      return true;
    }
  }

  private static final class Expected {
    final OptionalLong parent;
    final List<Content> candidates = new ArrayList<>();
    boolean required;

    Expected(OptionalLong parent) {
      this.parent = parent;
    }
  }

  private final TreeMap<Long, Expected> byId = new TreeMap<>();
  private final Set<Long> forgotten = new HashSet<>();

  /** A commit of {@code id} with {@code content} is about to start. */
  void starting(long id, OptionalLong parent, Content content) {
    byId.computeIfAbsent(id, k -> new Expected(parent)).candidates.add(content);
  }

  /** The commit of {@code id} returned: it holds {@code content} and must survive any crash. */
  void committed(long id, Content content) {
    Expected e = byId.get(id);
    e.candidates.clear();
    e.candidates.add(content);
    e.required = true;
  }

  /** A forget of {@code ids} is about to start: until it returns, each may be there or not. */
  void forgetting(List<Long> ids) {
    ids.forEach(id -> byId.get(id).required = false);
  }

  /** The forget returned: the ids must never be listed again. */
  void forgot(List<Long> ids) {
    ids.forEach(byId::remove);
    forgotten.addAll(ids);
  }

  /**
   * The newest id that must exist and whose content is known, the parent for a new snapshot (a
   * retry that failed with the power on leaves two contents possible until the next crash image).
   */
  OptionalLong latestRequired() {
    for (Long id : byId.descendingKeySet()) {
      Expected e = byId.get(id);
      if (e.required && e.candidates.size() == 1) {
        return OptionalLong.of(id);
      }
    }
    return OptionalLong.empty();
  }

  /** The one content of a checked or committed id. */
  Content content(long id) {
    List<Content> c = byId.get(id).candidates;
    if (c.size() != 1) {
      throw new IllegalStateException("snapshot " + id + " is not resolved: " + c.size());
    }
    return c.get(0);
  }

  /** Whether {@code id} can be built on: required, its content known (not forgotten, not lost). */
  boolean usable(OptionalLong id) {
    if (id.isEmpty()) {
      return true;
    }
    Expected e = byId.get(id.getAsLong());
    return e != null && e.required && e.candidates.size() == 1;
  }

  OptionalLong parentOf(long id) {
    return byId.get(id).parent;
  }

  Optional<Long> newest() {
    return byId.isEmpty() ? Optional.empty() : Optional.of(byId.lastKey());
  }

  Set<Long> requiredIds() {
    Set<Long> ids = new HashSet<>();
    for (Map.Entry<Long, Expected> e : byId.entrySet()) {
      if (e.getValue().required) {
        ids.add(e.getKey());
      }
    }
    return ids;
  }

  /**
   * Compares the target with what is expected, byte for byte. With {@code durable} (the target was
   * just opened from a crash image, so what it holds is on disk), narrows each id to what it holds
   * and requires it from now on; without (the live target after an I/O error, where a rename may
   * not be durable yet), only checks.
   *
   * @throws AssertionError naming the id and what is wrong
   */
  void check(DiskTarget t, boolean durable) throws IOException {
    Set<Long> listed = new HashSet<>();
    t.snapshots().forEach(s -> listed.add(s.id()));
    for (Long id : listed) {
      if (forgotten.contains(id)) {
        throw new AssertionError("snapshot " + id + " was forgotten but is listed again");
      }
      if (!byId.containsKey(id)) {
        throw new AssertionError("snapshot " + id + " is listed but was never committed");
      }
    }
    for (var it = byId.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Long, Expected> e = it.next();
      long id = e.getKey();
      Expected x = e.getValue();
      if (!listed.contains(id)) {
        if (x.required) {
          throw new AssertionError("snapshot " + id + " was reported complete but is not listed");
        }
        if (durable) {
          it.remove();
        }
        continue;
      }
      Content actual = read(t, id);
      Content match = x.candidates.stream().filter(c -> c.sameAs(actual)).findFirst().orElse(null);
      if (match == null) {
        throw new AssertionError(
            "snapshot " + id + " holds " + actual.keySet() + ", none of the contents committed");
      }
      if (durable) {
        x.candidates.clear();
        x.candidates.add(match);
        x.required = true;
      }
    }
  }

  static Content read(DiskTarget t, long id) throws IOException {
    Content c = new Content();
    for (FileEntry f : t.readSnapshot(id).entries()) {
      c.put(f.path(), Fixtures.read(t, f));
    }
    return c;
  }
}
