package dev.ferry.manager.drain;

import dev.ferry.manager.Errors;
import dev.ferry.manager.agent.Agent;
import dev.ferry.manager.catalog.Catalog;
import dev.ferry.manager.catalog.Catalog.KnownBlock;
import dev.ferry.manager.catalog.CopiedFile;
import dev.ferry.manager.catalog.DrainCommit;
import dev.ferry.manager.catalog.DrainOutcome;
import dev.ferry.manager.catalog.DrainRuns;
import dev.ferry.manager.config.FerryConfig;
import dev.ferry.monitor.blockmap.BlockMapper;
import dev.ferry.monitor.blockmap.FastCdc;
import dev.ferry.monitor.journal.BackupCache;
import dev.ferry.monitor.journal.ChangeKind;
import dev.ferry.monitor.journal.ChangeRecord;
import dev.ferry.monitor.staging.StagingStore;
import dev.ferry.target.DiskTarget;
import dev.ferry.target.SnapshotInfo;
import dev.ferry.target.SnapshotWriter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * Runs drains, one at a time per JVM: reads the due records, copies to the target, commits the
 * catalog. The order is what makes a crash harmless: target data and snapshot root durable first,
 * then one catalog transaction that also moves the drain position, then the journal's
 * acknowledgement and the release of the staged every-save versions copied.
 *
 * <p>A drain is one or more snapshots: every-save versions each need a snapshot that holds them
 * ({@link DueRecords}), so a drain goes on, one snapshot and one commit at a time, until nothing
 * due is left. A crash between two keeps the snapshots committed before it.
 */
@ApplicationScoped
public class DrainService {
  private static final Logger LOG = Logger.getLogger(DrainService.class);

  @Inject FerryConfig config;
  @Inject Catalog catalog;
  @Inject DrainCommit commit;
  @Inject DrainRuns runs;
  @Inject BackupCache cache;
  @Inject DiskTarget target;
  @Inject Agent agent;
  @Inject StagingStore staging;

  private final ReentrantLock lock = new ReentrantLock();

  /**
   * Drains what is due now; with {@code ignoreHold}, everything in the cache. Waits for a drain
   * already running, then runs its own.
   */
  public DrainReport drain(boolean ignoreHold) {
    lock.lock();
    try {
      Instant now = Instant.now();
      long cutoff = ignoreHold ? Long.MAX_VALUE : epochNanos(now.minus(config.hold()));
      DrainReport total = drainUpTo(cutoff, now);
      while (total.more()) {
        total = total.then(drainUpTo(cutoff, Instant.now()));
      }
      return total;
    } finally {
      lock.unlock();
    }
  }

  private DrainReport drainUpTo(long cutoffNanos, Instant startedAt) {
    long t0 = System.nanoTime();
    long hostId;
    DueRecords due;
    try {
      hostId = catalog.host(agent.hostId()).id;
      long position = DueRecords.startAfter(catalog.drainPosition(hostId), cache);
      acknowledge(position); // a crash may have come between the last commit and its ack
      due = DueRecords.read(cache, position, cutoffNanos);
      if (due.isEmpty()) {
        runs.nothingDue(startedAt);
        return DrainReport.nothingDue(due.damaged().size(), millisSince(t0));
      }
    } catch (RuntimeException e) {
      throw new DrainFailedException(
          "drain could not start, nothing copied: " + Errors.oneLine(e), e);
    }
    long runId;
    try {
      runId = runs.start(startedAt);
    } catch (RuntimeException e) {
      throw new DrainFailedException(
          "drain could not start, nothing copied: " + Errors.oneLine(e), e);
    }
    try {
      DrainReport report = copy(hostId, runId, due, t0);
      LOG.infof(
          "drain: snapshot %d, %d records, %d files copied, %d deleted, %d skipped, %d chunks"
              + " (%d bytes) written in %d ms",
          report.snapshotId(),
          report.recordsRead(),
          report.filesCopied(),
          report.filesDeleted(),
          report.filesSkipped(),
          report.chunksWritten(),
          report.bytesWritten(),
          report.millis());
      return report;
    } catch (IOException | RuntimeException e) {
      DrainFailedException failed =
          new DrainFailedException("drain failed, nothing recorded: " + Errors.oneLine(e), e);
      try {
        runs.failed(runId, Errors.oneLine(e));
      } catch (RuntimeException unrecorded) {
        // The catalog itself may be what failed; the run then stays "running" and is marked
        // interrupted at the next start.
        failed.addSuppressed(unrecorded);
      }
      throw failed;
    }
  }

  private DrainReport copy(long hostId, long runId, DueRecords due, long t0) throws IOException {
    due.damaged().forEach(d -> LOG.errorf("drain: passed over a damaged journal record: %s", d));
    OptionalLong parent =
        catalog.latestSnapshot().map(s -> OptionalLong.of(s.id)).orElse(OptionalLong.empty());
    long snapshotId = snapshotId(parent);
    Map<String, List<KnownBlock>> previous = catalog.currentBlockMaps(hostId, previousPaths(due));
    List<CopiedFile> copied = new ArrayList<>();
    List<String> deleted = new ArrayList<>();
    List<DrainOutcome.Skipped> skipped = new ArrayList<>();
    SnapshotInfo info;
    FileCopier copier;
    long tCopied;
    try (SnapshotWriter writer = target.newSnapshot(snapshotId, agent.hostId(), parent)) {
      copier = new FileCopier(target, writer, new BlockMapper(FastCdc.standard()), staging);
      for (DueRecords.Change c : due.all()) {
        if (c.delete()) {
          writer.removeFile(c.snapshotPath());
          deleted.add(c.snapshotPath());
          continue;
        }
        FileCopier.Result r =
            copier.copy(c.snapshotPath(), c.record(), previous.get(previousPath(c)));
        if (r instanceof FileCopier.Copied ok) {
          writer.putFile(Entries.of(ok.file()));
          copied.add(ok.file());
        } else if (r instanceof FileCopier.Skipped s) {
          skipped.add(new DrainOutcome.Skipped(c.snapshotPath(), s.reason()));
          LOG.warnf("drain: skipped %s: %s", c.snapshotPath(), s.reason());
        }
      }
      tCopied = System.nanoTime();
      info = writer.commit();
    }
    long tTarget = System.nanoTime();
    commit.commit(
        new DrainOutcome(
            runId,
            hostId,
            info,
            copied,
            deleted,
            skipped,
            copier.referencedChunks(),
            copier.chunksWritten(),
            copier.bytesWritten(),
            due.recordsRead(),
            due.lastIndex()));
    // Where a drain's time goes, for bench/drain-throughput.sh and anyone tuning one.
    LOG.infof(
        "drain: snapshot %d: copy %d ms, target commit %d ms, catalog commit %d ms",
        info.id(),
        (tCopied - t0) / 1_000_000,
        (tTarget - tCopied) / 1_000_000,
        (System.nanoTime() - tTarget) / 1_000_000);
    acknowledge(due.lastIndex());
    release(due);
    List<String> skippedLines = new ArrayList<>();
    skipped.forEach(s -> skippedLines.add(s.snapshotPath() + ": " + s.reason()));
    return new DrainReport(
        "copied",
        info.id(),
        1,
        due.recordsRead(),
        due.damaged().size(),
        copied.size(),
        deleted.size(),
        skipped.size(),
        copier.chunksWritten(),
        copier.bytesRead(),
        copier.bytesWritten(),
        copier.changedSinceRecord(),
        copier.versionsLost(),
        millisSince(t0),
        skippedLines,
        due.more());
  }

  /** The every-save versions this snapshot holds are on the target and in the catalog now. */
  private void release(DueRecords due) {
    for (DueRecords.Change c : due.all()) {
      long id = c.record().stageId();
      if (!c.delete() && id != ChangeRecord.NOT_STAGED) {
        try {
          staging.release(id);
        } catch (IOException | RuntimeException e) {
          LOG.warnf(
              "cannot release staged version %d of %s: %s", id, c.snapshotPath(), e.toString());
        }
      }
    }
  }

  /**
   * Tells the journal that every record up to {@code index} is copied and committed, so its cycle
   * files may go. Only after the catalog commit: the catalog's drain position is the truth, the
   * acknowledgement a copy of it that lets the journal stay bounded.
   */
  private void acknowledge(long index) {
    if (index < 0) {
      return;
    }
    try {
      cache.acknowledge(index);
    } catch (IOException e) {
      LOG.warnf("cannot record the journal acknowledgement %d: %s", index, e.toString());
    }
  }

  /**
   * The catalog's next id, which makes a drain retried after a crash replace the snapshot its first
   * attempt left on the target. But a snapshot of that id that is not such a leftover (the catalog
   * was lost or is new, or another history shares the target) is never overwritten: then the id
   * after the target's newest is taken.
   */
  private long snapshotId(OptionalLong parent) throws IOException {
    long id = catalog.nextSnapshotId();
    Optional<SnapshotInfo> there =
        target.snapshots().stream().filter(s -> s.id() == id).findFirst();
    if (there.isEmpty()) {
      return id;
    }
    SnapshotInfo s = there.get();
    if (s.host().equals(agent.hostId()) && s.parentId().equals(parent)) {
      return id;
    }
    long next = target.latest().map(l -> l.id() + 1).orElse(id);
    LOG.warnf(
        "target already holds snapshot %d of another history (host %s, parent %s); using %d",
        id, s.host(), s.parentId(), next);
    return Math.max(id, next);
  }

  /**
   * Whose block map tells which blocks of a change need no reading: the path's own current version,
   * or for a renamed file the version it had under its old name.
   */
  private static String previousPath(DueRecords.Change c) {
    ChangeRecord r = c.record();
    if (r.kind() == ChangeKind.RENAMED && r.renamedFrom() != null) {
      return SnapshotPaths.of(r.root(), r.renamedFrom());
    }
    return c.snapshotPath();
  }

  private static List<String> previousPaths(DueRecords due) {
    List<String> paths = new ArrayList<>();
    for (DueRecords.Change c : due.all()) {
      if (!c.delete()) {
        paths.add(previousPath(c));
      }
    }
    return paths;
  }

  private static long epochNanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  private static long millisSince(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }
}
