package dev.ferry.manager.catalog;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.Session;

/**
 * Reads of the catalog that a drain needs before it copies anything. Writes of a drain's result go
 * through {@link DrainCommit}, in one transaction.
 *
 * <p>Thread-safety: stateless; every method runs in its own transaction.
 */
@ApplicationScoped
public class Catalog {
  @Inject EntityManager em;

  /**
   * The host row for this name, created on first sight. Safe against a concurrent first sight
   * (status and drain race at start-up): the insert does nothing if the row appeared meanwhile.
   */
  @Transactional
  public HostEntity host(String name) {
    em.createNativeQuery(
            "insert into host (id, name, created_at) values (nextval('host_seq'), :n, now())"
                + " on conflict (name) do nothing")
        .setParameter("n", name)
        .executeUpdate();
    return em.createQuery("from HostEntity h where h.name = :n", HostEntity.class)
        .setParameter("n", name)
        .getSingleResult();
  }

  /** Journal index of the last copied record of this host, or -1. */
  @Transactional
  public long drainPosition(long hostId) {
    DrainPositionEntity p = em.find(DrainPositionEntity.class, hostId);
    return p == null ? -1 : p.journalIndex;
  }

  /** Snapshot ids are global across hosts, as on the target. */
  @Transactional
  public long nextSnapshotId() {
    Long max =
        em.createQuery("select max(s.id) from SnapshotEntity s", Long.class).getSingleResult();
    return max == null ? 1 : max + 1;
  }

  @Transactional
  public Optional<SnapshotEntity> latestSnapshot() {
    return em.createQuery("from SnapshotEntity s order by s.id desc", SnapshotEntity.class)
        .setMaxResults(1)
        .getResultStream()
        .findFirst();
  }

  /**
   * The block map of the current version of each given path, keyed by path; paths without a current
   * version are absent. One query whatever the number of paths ({@link ArrayParams}).
   */
  @Transactional
  public Map<String, List<KnownBlock>> currentBlockMaps(long hostId, Collection<String> paths) {
    Map<String, List<KnownBlock>> out = new HashMap<>();
    if (paths.isEmpty()) {
      return out;
    }
    List<Object[]> rows =
        em.unwrap(Session.class)
            .createNativeQuery(
                "select f.path, vc.fingerprint, vc.length, c.hash"
                    + " from watched_file f"
                    + " join file_version v on v.file_id = f.id and v.superseded_snapshot_id is null"
                    + " join version_chunk vc on vc.version_id = v.id"
                    + " join chunk c on c.id = vc.chunk_id"
                    + " where f.host_id = :h and f.path = any(:paths)"
                    // Each version's blocks in file order; by id, not path: no text sort.
                    + " order by vc.version_id, vc.seq",
                Object[].class)
            .setParameter("h", hostId)
            .setParameter("paths", ArrayParams.texts(paths))
            .getResultList();
    for (Object[] r : rows) {
      out.computeIfAbsent((String) r[0], k -> new ArrayList<>())
          .add(
              new KnownBlock(
                  ((Number) r[1]).longValue(), ((Number) r[2]).intValue(), (byte[]) r[3]));
    }
    return out;
  }

  /** A block of a file's current version: what the agent's fingerprint maps to. */
  public record KnownBlock(long fingerprint, int length, byte[] hash) {}
}
