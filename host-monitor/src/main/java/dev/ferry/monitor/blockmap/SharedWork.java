package dev.ferry.monitor.blockmap;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Work cut into numbered units that the {@link HelperThread} may take a share of, built so that the
 * thread that needs the result (the caller) never depends on the helper: on a busy machine the
 * helper may wake up late, or be preempted in the middle of a unit.
 *
 * <p>Protocol: the caller {@linkplain #publish publishes} units as their input is ready; the helper
 * claims published units one at a time and writes each result into its own storage. The caller then
 * {@linkplain #finish finishes}: it does every unit nobody claimed, waits a little for units the
 * helper has in progress, and does those itself (into the caller's storage) if the helper is still
 * not done. Each unit's result is then read from whoever completed it ({@link #byHelper}). The
 * helper only reads the caller's buffers, and a late helper writes only into this job's own
 * storage, which nobody reads once {@code finish} returned.
 *
 * <p>Thread-safety: {@link #run} on the helper, every other method on the caller. A unit that
 * throws on the helper is simply redone by the caller.
 */
abstract class SharedWork implements Runnable {
  private static final int FREE = 0;
  private static final int HELPER = 1;
  private static final int HELPER_DONE = 2;
  private static final int CALLER = 3;

  private final int units;
  private final AtomicIntegerArray state;
  private volatile int published;
  private volatile boolean finished;

  /** The helper, while it waits for the caller to publish more; never spins (see HelperThread). */
  private volatile Thread waiting;

  SharedWork(int units) {
    this.units = units;
    this.state = new AtomicIntegerArray(units);
  }

  /** Does unit {@code i} into the helper's storage ({@code byHelper}) or the caller's. */
  abstract void unit(int i, boolean byHelper);

  /** Units {@code [0, n)} have their input ready. */
  final void publish(int n) {
    published = n;
    wake();
  }

  private void wake() {
    Thread w = waiting;
    if (w != null) {
      LockSupport.unpark(w);
    }
  }

  @Override
  public final void run() {
    for (int i = 0; i < units && !finished; ) {
      if (i >= published) { // the caller is still reading; publish or finish wakes us
        waiting = Thread.currentThread();
        if (i >= published && !finished) {
          LockSupport.park(this);
        }
        waiting = null;
        continue;
      }
      if (state.compareAndSet(i, FREE, HELPER)) {
        try {
          unit(i, true);
          state.compareAndSet(i, HELPER, HELPER_DONE); // fails if the caller took it over
        } catch (RuntimeException e) {
          // Left as HELPER: the caller redoes it.
        }
      }
      i++;
    }
  }

  /**
   * Completes units {@code [0, n)} (the others are abandoned): does those nobody claimed, then
   * waits up to {@code patienceNanos} for each the helper has in progress before doing it too.
   */
  final void finish(int n, long patienceNanos) {
    published = n;
    for (int i = 0; i < n; i++) {
      if (state.compareAndSet(i, FREE, CALLER)) {
        unit(i, false);
      }
    }
    finished = true;
    wake();
    for (int i = 0; i < n; i++) {
      if (state.get(i) == HELPER) {
        long deadline = System.nanoTime() + patienceNanos;
        while (state.get(i) == HELPER && System.nanoTime() < deadline) {
          Thread.onSpinWait();
        }
        if (state.compareAndSet(i, HELPER, CALLER)) {
          unit(i, false); // preempted or slow: not worth waiting for
        }
      }
    }
  }

  /** After {@link #finish}: true if unit {@code i}'s result is in the helper's storage. */
  final boolean byHelper(int i) {
    return state.get(i) == HELPER_DONE;
  }
}
