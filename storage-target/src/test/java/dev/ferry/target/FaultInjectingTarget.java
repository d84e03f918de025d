package dev.ferry.target;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;

/**
 * A {@link Target} that fails one chosen writing operation (newSnapshot, putChunk, putFile,
 * removeFile, commit, counted from 1) with an {@link IOException}, either before handing it to the
 * target it wraps or after (the operation happened but its caller hears it failed, the ambiguous
 * case a real medium has). Reads pass through. For tests of what callers and targets do with a
 * failing target; not thread-safe.
 */
final class FaultInjectingTarget implements Target {
  /** The injected failure, so a test can tell it from a real one. */
  static final class InjectedFault extends IOException {
    private static final long serialVersionUID = 1L;

    InjectedFault(int op, String what, boolean after) {
      super("injected fault at operation " + op + " (" + what + (after ? ", after it ran)" : ")"));
    }
  }

  private final Target inner;
  private final int failAt;
  private final boolean after;
  private int ops;

  FaultInjectingTarget(Target inner, int failAt, boolean after) {
    this.inner = inner;
    this.failAt = failAt;
    this.after = after;
  }

  /** An operation of the writer or the target; {@code run} does it. */
  private interface Op<T> {
    T run() throws IOException;
  }

  private <T> T op(String what, Op<T> run) throws IOException {
    int n = ++ops;
    if (n == failAt && !after) {
      throw new InjectedFault(n, what, false);
    }
    T result = run.run();
    if (n == failAt) {
      throw new InjectedFault(n, what, true);
    }
    return result;
  }

  @Override
  public SnapshotWriter newSnapshot(long id, String host, OptionalLong parentId)
      throws IOException {
    // A newSnapshot that fails after it ran must not leave its writer (and the lock) behind: the
    // caller never gets it to close.
    SnapshotWriter[] opened = new SnapshotWriter[1];
    try {
      op("newSnapshot", () -> opened[0] = inner.newSnapshot(id, host, parentId));
    } catch (InjectedFault e) {
      if (opened[0] != null) {
        opened[0].close();
      }
      throw e;
    }
    SnapshotWriter w = opened[0];
    return new SnapshotWriter() {
      @Override
      public ChunkLocation putChunk(ChunkHash h, byte[] buf, int off, int len, String path)
          throws IOException {
        return op("putChunk", () -> w.putChunk(h, buf, off, len, path));
      }

      @Override
      public ChunkLocation putHashedChunk(ChunkHash h, byte[] buf, int off, int len, String path)
          throws IOException {
        return op("putHashedChunk", () -> w.putHashedChunk(h, buf, off, len, path));
      }

      @Override
      public void putFile(FileEntry e) throws IOException {
        op(
            "putFile",
            () -> {
              w.putFile(e);
              return null;
            });
      }

      @Override
      public void removeFile(String path) throws IOException {
        op(
            "removeFile",
            () -> {
              w.removeFile(path);
              return null;
            });
      }

      @Override
      public SnapshotInfo commit() throws IOException {
        return op("commit", w::commit);
      }

      @Override
      public void close() {
        w.close();
      }
    };
  }

  @Override
  public boolean hasChunk(ChunkHash h) {
    return inner.hasChunk(h);
  }

  @Override
  public List<SnapshotInfo> snapshots() throws IOException {
    return inner.snapshots();
  }

  @Override
  public Snapshot readSnapshot(long id) throws IOException {
    return inner.readSnapshot(id);
  }

  @Override
  public void readFile(FileEntry e, OutputStream out) throws IOException {
    inner.readFile(e, out);
  }

  @Override
  public List<SnapshotInfo> forget(Collection<Long> ids) throws IOException {
    return op("forget", () -> inner.forget(ids));
  }

  @Override
  public void close() {
    inner.close();
  }
}
