package dev.ferry.target;

/**
 * Refused to forget a host's newest snapshot (by time, or by id if a clock jumped): that host's
 * next copy starts from it (it is the parent the copy manager names), so forgetting it would make
 * every later copy fail.
 */
public class NewestSnapshotException extends java.io.IOException {
  private static final long serialVersionUID = 1L;

  public NewestSnapshotException(long id, String host) {
    super(
        "snapshot "
            + id
            + " is the newest of host "
            + host
            + ": the next copy starts from it, so it cannot be forgotten");
  }
}
