package dev.ferry.target.check;

import dev.ferry.target.AffectedEntry;
import dev.ferry.target.Damage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Collects damages by object, each with the sorted set of snapshot entries it affects. Holds only
 * damaged objects and the entries that reference them, never a whole snapshot root.
 */
final class DamageLog {
  private record Entry(String what, String detail, TreeSet<AffectedEntry> affected) {}

  private final Map<String, Entry> byWhat = new LinkedHashMap<>();

  /** Records damage to {@code what}; the first detail recorded for an object is kept. */
  void add(String what, String detail) {
    byWhat.putIfAbsent(what, new Entry(what, detail, new TreeSet<>()));
  }

  boolean has(String what) {
    return byWhat.containsKey(what);
  }

  /** Adds an affected entry to an already recorded damage. */
  void affect(String what, AffectedEntry item) {
    Entry e = byWhat.get(what);
    if (e != null) {
      e.affected().add(item);
    }
  }

  List<Damage> damages() {
    List<Damage> out = new ArrayList<>();
    for (Entry e : byWhat.values()) {
      out.add(new Damage(e.what(), e.detail(), new ArrayList<>(e.affected())));
    }
    return out;
  }
}
