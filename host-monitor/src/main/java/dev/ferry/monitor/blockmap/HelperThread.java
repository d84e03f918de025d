package dev.ferry.monitor.blockmap;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * One daemon thread, shared by every {@link BlockMapper} of the JVM, that joins {@link SharedWork}
 * offered to it, so that mapping a large file uses a second core when one is free.
 *
 * <p>Offers are never queued: only the newest is kept, and a caller never depends on the helper (it
 * runs the work itself; the helper takes what is left when it wakes up). After each job the helper
 * spins for a short while, because a mapping offers its read-and-scan and then its hashing a few
 * microseconds apart, and waking a parked thread costs tens of microseconds.
 *
 * <p>Thread-safe. Absent ({@link #get} returns null) on a machine with one processor, or if the
 * system property {@value #ENABLED_PROPERTY} is {@code false}.
 */
final class HelperThread {
  /** System property: {@code false} maps on the caller's thread only (for measuring). */
  static final String ENABLED_PROPERTY = "ferry.blockmap.helper";

  private static final HelperThread INSTANCE =
      Runtime.getRuntime().availableProcessors() > 1
              && !"false".equals(System.getProperty(ENABLED_PROPERTY))
          ? new HelperThread()
          : null;

  private final AtomicReference<Runnable> offered = new AtomicReference<>();
  private final Thread thread;
  private volatile boolean parked;

  private HelperThread() {
    thread = new Thread(this::loop, "ferry-blockmap-helper");
    thread.setDaemon(true);
    thread.start();
  }

  /** The helper, or null if this machine has a single processor. */
  static HelperThread get() {
    return INSTANCE;
  }

  /** Lets the helper join {@code work}; returns at once. */
  void offer(SharedWork work) {
    offered.set(work);
    if (parked) {
      LockSupport.unpark(thread);
    }
  }

  private void loop() {
    while (true) {
      Runnable work = offered.getAndSet(null);
      if (work != null) {
        work.run();
        continue;
      }
      parked = true;
      if (offered.get() == null) { // an offer between the check and `parked` would be missed
        LockSupport.park(this);
      }
      parked = false;
    }
  }
}
