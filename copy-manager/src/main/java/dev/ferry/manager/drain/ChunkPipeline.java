package dev.ferry.manager.drain;

import dev.ferry.target.ChunkEncoder;
import dev.ferry.target.ChunkHash;
import dev.ferry.target.ChunkLocation;
import dev.ferry.target.EncodedChunk;
import dev.ferry.target.SnapshotWriter;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Compresses the drain's new chunks on other cores while the drain thread goes on reading and
 * hashing, then hands them to the snapshot writer in the order they came, on the drain thread.
 * Compression was half the drain thread's CPU in a full copy and the second core sat mostly idle
 * (bench/RESULTS.md, 2026-12-03).
 *
 * <p>Writer operations that depend on those chunks (putting the file entry that names them,
 * removing an entry) are queued behind them with {@link #inOrder}, so the writer sees exactly the
 * sequence it would have without the pipeline. At most {@link #AHEAD} chunks wait at once: memory
 * stays bounded by that many chunk copies. A failure of the writer or of an encoder surfaces as
 * {@link TargetWriteException} from the next call (or {@link #finish}), and fails the drain as
 * before. Not thread-safe: the drain thread alone calls it.
 */
final class ChunkPipeline implements AutoCloseable {
  /** Queued chunks before {@link #put} waits for the oldest: enough to keep the encoders busy. */
  static final int AHEAD = 32;

  /** An operation on the writer that must follow the chunks queued before it. */
  @FunctionalInterface
  interface WriterStep {
    void run() throws IOException;
  }

  private record Queued(
      ChunkHash hash, String path, Future<EncodedChunk> encoded, Consumer<ChunkLocation> placed) {}

  private final SnapshotWriter writer;
  private final ExecutorService encoders;
  private final ThreadLocal<ChunkEncoder> encoder;
  private final List<ChunkEncoder> made = new ArrayList<>();
  private final ArrayDeque<Object> queue = new ArrayDeque<>();
  private int chunksQueued;

  /** {@code threads} encoder threads, each with its own encoder of {@code writer}. */
  ChunkPipeline(SnapshotWriter writer, int threads) {
    this.writer = writer;
    this.encoders =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "ferry-drain-encoder");
              t.setDaemon(true);
              return t;
            });
    this.encoder =
        ThreadLocal.withInitial(
            () -> {
              ChunkEncoder e = writer.newChunkEncoder();
              synchronized (made) {
                made.add(e);
              }
              return e;
            });
  }

  /** Encoder threads for this machine: every core but the drain thread's, at least one. */
  static int defaultThreads() {
    return Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
  }

  /**
   * Queues a new chunk; {@code placed} receives its location once the writer has it. {@code data}
   * is the pipeline's from now on: the caller must not change it.
   */
  void put(ChunkHash h, byte[] data, String path, Consumer<ChunkLocation> placed) {
    while (chunksQueued >= AHEAD) {
      step();
    }
    queue.add(
        new Queued(
            h, path, encoders.submit(() -> encoder.get().encode(data, 0, data.length)), placed));
    chunksQueued++;
  }

  /** Runs {@code step} on the writer once every chunk queued before it is in. */
  void inOrder(WriterStep step) {
    if (queue.isEmpty()) {
      run(step);
    } else {
      queue.add(step);
    }
  }

  /** Puts everything queued; afterwards every {@code placed} has run. */
  void finish() {
    while (!queue.isEmpty()) {
      step();
    }
  }

  private void step() {
    Object head = queue.poll();
    if (head instanceof WriterStep s) {
      run(s);
      return;
    }
    Queued q = (Queued) head;
    chunksQueued--;
    EncodedChunk c;
    try {
      c = q.encoded().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TargetWriteException(new IOException("interrupted while compressing", e));
    } catch (ExecutionException e) {
      throw new TargetWriteException(new IOException("compressing a chunk failed", e.getCause()));
    }
    try {
      q.placed().accept(writer.putEncodedChunk(q.hash(), c, q.path()));
    } catch (IOException e) {
      throw new TargetWriteException(e);
    }
    while (queue.peek() instanceof WriterStep s) {
      queue.poll();
      run(s);
    }
  }

  private static void run(WriterStep s) {
    try {
      s.run();
    } catch (IOException e) {
      throw new TargetWriteException(e);
    }
  }

  /** Stops the encoder threads and frees their encoders; what is still queued is dropped. */
  @Override
  public void close() {
    encoders.shutdownNow();
    try {
      encoders.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (made) {
      made.forEach(ChunkEncoder::close);
      made.clear();
    }
    queue.clear();
  }
}
