package dev.ferry.target.disk;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for background file work that must end before the caller goes on. */
final class Waits {
  private Waits() {}

  /**
   * The result of {@code f} once it has ended. An interrupt does not cut the wait short (the caller
   * could otherwise delete or report files the task then still writes): it is kept for later.
   */
  static <T> T uninterruptibly(Future<T> f) throws ExecutionException {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return f.get();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
