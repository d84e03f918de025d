package dev.ferry.manager.catalog;

import java.util.Collection;

/**
 * A drain's lookups by many paths or ids bind them as one array ({@code = any(:values)}), never as
 * an {@code in (?, ?, ...)} list. The JDBC driver prepares a statement it runs often on the server,
 * and PostgreSQL then may plan it once for any values: with a list of 1,000 parameters that generic
 * plan compares every row it scans against each parameter in turn (a 1,000-path lookup in a
 * 29,000-file catalog took ~560 ms; bench/run.sh's incremental drain spent ~2.2 s of its 3.5 s in
 * two such lookups), where an array parameter is looked up in the index (~3 ms for the same 1,000).
 * One array also takes any number of values: no batches, one round trip.
 */
final class ArrayParams {
  private ArrayParams() {}

  static String[] texts(Collection<String> values) {
    return values.toArray(new String[0]);
  }

  static Long[] ids(Collection<Long> values) {
    return values.toArray(new Long[0]);
  }
}
