package dev.ferry.target;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which snapshots a forget may remove, the same for every {@link Target}: each id must exist, and
 * none may be the newest of its host by creation time or by id. Stateless.
 */
public final class ForgetRule {
  private ForgetRule() {}

  /**
   * The snapshots {@code ids} name, in id order, checked against {@code all}.
   *
   * @param where the target, as {@link SnapshotNotFoundException} names it
   * @throws SnapshotNotFoundException if an id is not in {@code all}
   * @throws NewestSnapshotException if an id is the newest snapshot of its host
   */
  public static List<SnapshotInfo> doomed(
      List<SnapshotInfo> all, Collection<Long> ids, String where)
      throws SnapshotNotFoundException, NewestSnapshotException {
    Map<Long, SnapshotInfo> byId = new TreeMap<>();
    // A host's next copy starts from its highest id (the copy manager's parent); retention
    // counts by time. After a clock jump they differ, and both are kept.
    Map<String, SnapshotInfo> newestOfHost = new HashMap<>();
    Map<String, SnapshotInfo> highestOfHost = new HashMap<>();
    for (SnapshotInfo s : all) {
      byId.put(s.id(), s);
      newestOfHost.merge(s.host(), s, ForgetRule::newer);
      highestOfHost.merge(s.host(), s, (a, b) -> a.id() > b.id() ? a : b);
    }
    List<SnapshotInfo> doomed = new ArrayList<>();
    for (long id : new TreeSet<>(ids)) {
      SnapshotInfo s = byId.get(id);
      if (s == null) {
        throw new SnapshotNotFoundException(id, where);
      }
      if (newestOfHost.get(s.host()).id() == id || highestOfHost.get(s.host()).id() == id) {
        throw new NewestSnapshotException(id, s.host());
      }
      doomed.add(s);
    }
    return doomed;
  }

  /** The later by creation time; by id on a tie, as retention orders them. */
  static SnapshotInfo newer(SnapshotInfo a, SnapshotInfo b) {
    int c = a.createdAt().compareTo(b.createdAt());
    return c > 0 || c == 0 && a.id() > b.id() ? a : b;
  }
}
