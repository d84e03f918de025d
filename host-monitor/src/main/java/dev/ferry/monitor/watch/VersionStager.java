package dev.ferry.monitor.watch;

import dev.ferry.monitor.blockmap.BlockMapper;
import java.nio.file.Path;

/**
 * Stages the content of a save for a {@code versions: every-save} policy while the detector maps
 * it, so the version survives until the copy manager copies it. Called on the detector's worker.
 */
public interface VersionStager {
  /** No staging: every-save saves are recorded like latest ones. */
  VersionStager NONE = (root, path, savedAt) -> null;

  /** One version being staged: fed the chunks while the file is read. */
  interface Stage extends BlockMapper.ChunkVisitor {
    /**
     * Makes the staged copy durable.
     *
     * @return its stage id, or {@code ChangeRecord.NOT_STAGED} if it could not be kept (over the
     *     quota, a write error: the stager counts and reports it); the save is still recorded
     */
    long commit();

    /** Throws the staged bytes away (the file changed while being read, or vanished). */
    void abort();
  }

  /**
   * Starts staging a save of {@code relativePath} under {@code root}; null if it cannot be staged
   * (then the save is recorded without a staged copy).
   */
  Stage begin(Path root, String relativePath, long savedAtNanos);

  /** The record of {@code stageId} could not be appended: its copy is no longer needed as such. */
  default void unrecorded(long stageId) {}
}
