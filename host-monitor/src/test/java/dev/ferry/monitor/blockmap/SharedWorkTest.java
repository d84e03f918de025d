package dev.ferry.monitor.blockmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SharedWorkTest {
  /** Records who did each unit; a helper unit can be made to hang, as if preempted. */
  private static final class Recording extends SharedWork {
    final int[] byCaller;
    final int[] byHelperStore;
    final CountDownLatch helperStarted = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final boolean helperHangs;

    Recording(int units, boolean helperHangs) {
      super(units);
      this.byCaller = new int[units];
      this.byHelperStore = new int[units];
      this.helperHangs = helperHangs;
    }

    @Override
    void unit(int i, boolean byHelper) {
      if (byHelper) {
        helperStarted.countDown();
        if (helperHangs) {
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        byHelperStore[i] = i + 1;
      } else {
        byCaller[i] = i + 1;
      }
    }

    int result(int i) {
      return byHelper(i) ? byHelperStore[i] : byCaller[i];
    }
  }

  @Test
  void withoutAHelperTheCallerDoesEveryUnit() {
    Recording w = new Recording(5, false);
    w.finish(5, 1_000);
    for (int i = 0; i < 5; i++) {
      assertThat(w.byHelper(i)).isFalse();
      assertThat(w.result(i)).isEqualTo(i + 1);
    }
  }

  @Test
  void aHelperThatHangsInAUnitDoesNotHoldTheCallerUp() throws Exception {
    Recording w = new Recording(4, true);
    w.publish(4);
    Thread helper = new Thread(w);
    helper.start();
    assertThat(w.helperStarted.await(10, TimeUnit.SECONDS)).isTrue();
    long t0 = System.nanoTime();
    w.finish(4, TimeUnit.MILLISECONDS.toNanos(5));
    assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.SECONDS.toNanos(5));
    for (int i = 0; i < 4; i++) {
      assertThat(w.result(i)).isEqualTo(i + 1);
    }
    w.release.countDown();
    helper.join();
    assertThat(w.byHelper(0)).as("taken over: the late helper result is not used").isFalse();
  }

  @Test
  void unitsNotPublishedAreLeftToTheCaller() throws Exception {
    Recording w = new Recording(3, false);
    Thread helper = new Thread(w);
    helper.start();
    Thread.sleep(20); // nothing published: the helper must not claim anything
    w.finish(3, 1_000_000);
    helper.join(10_000);
    assertThat(helper.isAlive()).isFalse();
    for (int i = 0; i < 3; i++) {
      assertThat(w.byHelper(i)).isFalse();
      assertThat(w.result(i)).isEqualTo(i + 1);
    }
  }

  @Test
  void everyUnitIsDoneOnceWhenBothRun() throws Exception {
    for (int round = 0; round < 200; round++) {
      Recording w = new Recording(16, false);
      Thread helper = new Thread(w);
      helper.start();
      w.publish(16);
      w.finish(16, TimeUnit.MILLISECONDS.toNanos(50));
      for (int i = 0; i < 16; i++) {
        assertThat(w.result(i)).isEqualTo(i + 1);
      }
      helper.join();
    }
  }
}
