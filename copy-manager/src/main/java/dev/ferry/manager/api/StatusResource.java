package dev.ferry.manager.api;

import dev.ferry.manager.Errors;
import dev.ferry.manager.agent.Agent;
import dev.ferry.manager.catalog.Catalog;
import dev.ferry.manager.catalog.DrainRunEntity;
import dev.ferry.manager.catalog.DrainRuns;
import dev.ferry.manager.config.Durations;
import dev.ferry.manager.config.FerryConfig;
import dev.ferry.manager.drain.DueRecords;
import dev.ferry.manager.drain.PendingTally;
import dev.ferry.monitor.MonitorHealth;
import dev.ferry.monitor.journal.BackupCache;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** {@code GET /api/status}: pending copies, due times, last runs. */
@Path("/api/status")
public class StatusResource {
  @Inject FerryConfig config;
  @Inject Catalog catalog;
  @Inject DrainRuns runs;
  @Inject BackupCache cache;
  @Inject Agent agent;
  @Inject PendingTally tally;

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public Response get() {
    try {
      return Response.ok(status()).build();
    } catch (RuntimeException e) {
      String what = causedByTheCatalog(e) ? "catalog unreachable: " : "status failed: ";
      return Response.status(Response.Status.SERVICE_UNAVAILABLE)
          .entity(Map.of("error", what + Errors.oneLine(e)))
          .build();
    }
  }

  private static boolean causedByTheCatalog(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException || t instanceof PersistenceException) {
        return true;
      }
    }
    return false;
  }

  StatusView status() {
    long hostId = catalog.host(agent.hostId()).id;
    PendingTally.Summary pending =
        tally.update(cache, DueRecords.startAfter(catalog.drainPosition(hostId), cache));
    Instant oldestAt = pending.oldestSavedAt();
    List<StatusView.Run> last = runs.latest(5).stream().map(StatusResource::view).toList();
    MonitorHealth health = agent.health();
    return new StatusView(
        agent.hostId(),
        health.problems(),
        health.warnings(),
        cache.cycleFiles(),
        agent.pendingSaves(),
        pending.records(),
        pending.files(),
        oldestAt,
        oldestAt == null ? null : oldestAt.plus(config.hold()),
        Durations.format(config.hold()),
        catalog.latestSnapshot().map(s -> s.id).orElse(null),
        last);
  }

  private static StatusView.Run view(DrainRunEntity r) {
    return new StatusView.Run(
        r.id,
        r.startedAt,
        r.finishedAt,
        r.outcome,
        r.recordsRead,
        r.filesCopied,
        r.filesDeleted,
        r.filesSkipped,
        r.bytesWritten,
        r.snapshotId,
        r.message);
  }
}
