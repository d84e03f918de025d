package dev.ferry.monitor;

import dev.ferry.monitor.journal.ChangeRecord;
import dev.ferry.monitor.staging.StageWriter;
import dev.ferry.monitor.staging.StagingQuotaExceededException;
import dev.ferry.monitor.staging.StagingStore;
import dev.ferry.monitor.staging.StagingUsage;
import dev.ferry.monitor.watch.VersionStager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Every-save staging over the agent's {@link StagingStore}: a save whose version cannot be staged
 * (over the quota even after evicting what may go, or a write error) is still recorded, without a
 * staged copy, and counted; the copy manager then copies the file as it is when it drains. Called
 * on the detector's worker; counters read from any thread.
 */
final class EverySaveStager implements VersionStager {
  private static final Logger LOG = Logger.getLogger(EverySaveStager.class);

  private final StagingStore store;
  private final AtomicLong unstaged = new AtomicLong();
  private volatile String lastProblem;

  EverySaveStager(StagingStore store) {
    this.store = store;
  }

  @Override
  public Stage begin(Path root, String relativePath, long savedAtNanos) {
    StageWriter w;
    try {
      w = store.begin(root.toString(), relativePath, savedAtNanos);
    } catch (IOException | RuntimeException e) {
      failed(root, relativePath, "cannot start staging: " + e);
      return null;
    }
    return new Stage() {
      private boolean broken;

      @Override
      public void chunk(long offset, byte[] buf, int off, int len, long fingerprint) {
        if (broken) {
          return;
        }
        try {
          w.chunk(offset, buf, off, len, fingerprint);
        } catch (IOException | RuntimeException e) {
          broken = true; // staging failed; the read goes on, the save is recorded unstaged
          w.abort();
          failed(root, relativePath, e.getMessage());
        }
      }

      @Override
      public long commit() {
        if (broken) {
          return ChangeRecord.NOT_STAGED;
        }
        try {
          return w.commit();
        } catch (StagingQuotaExceededException e) {
          failed(root, relativePath, "over the staging quota: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
          failed(root, relativePath, "cannot stage: " + e);
        }
        return ChangeRecord.NOT_STAGED;
      }

      @Override
      public void abort() {
        w.abort();
      }
    };
  }

  @Override
  public void unrecorded(long stageId) {
    try {
      store.release(stageId); // kept only as a base for the next delta, evicted first
    } catch (IOException | RuntimeException e) {
      LOG.debugf("releasing unrecorded stage %d: %s", stageId, e.toString());
    }
  }

  private void failed(Path root, String path, String why) {
    unstaged.incrementAndGet();
    lastProblem = root + "/" + path + ": " + why;
    LOG.warnf(
        "every-save version of %s/%s not staged (%s); the save is recorded and the file will be"
            + " copied as it is at the next drain",
        root, path, why);
  }

  long unstagedSaves() {
    return unstaged.get();
  }

  String lastProblem() {
    return lastProblem;
  }

  StagingUsage usage() {
    return store.usage();
  }
}
