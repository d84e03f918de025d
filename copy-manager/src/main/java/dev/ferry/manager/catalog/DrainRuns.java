package dev.ferry.manager.catalog;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;

/** The log of drain runs, each in its own short transaction so a failure is recorded too. */
@ApplicationScoped
public class DrainRuns {
  @Inject EntityManager em;

  @Transactional
  public long start(Instant at) {
    DrainRunEntity run = new DrainRunEntity();
    run.startedAt = at;
    run.outcome = "running";
    em.persist(run);
    return run.id;
  }

  @Transactional
  public void nothingDue(Instant startedAt) {
    DrainRunEntity run = new DrainRunEntity();
    run.startedAt = startedAt;
    run.finishedAt = Instant.now();
    run.outcome = "nothing-due";
    em.persist(run);
  }

  @Transactional
  public void failed(long runId, String message) {
    DrainRunEntity run = em.find(DrainRunEntity.class, runId);
    run.finishedAt = Instant.now();
    run.outcome = "failed";
    run.message = message;
  }

  /** Runs left "running" by a process that died are marked so, once, at start-up. */
  @Transactional
  public int markInterrupted() {
    return em.createQuery(
            "update DrainRunEntity r set r.outcome = 'interrupted', r.message = 'the process stopped"
                + " before this drain finished; it was retried from the same position'"
                + " where r.outcome = 'running'")
        .executeUpdate();
  }

  @Transactional
  public List<DrainRunEntity> latest(int n) {
    return em.createQuery("from DrainRunEntity r order by r.id desc", DrainRunEntity.class)
        .setMaxResults(n)
        .getResultList();
  }
}
