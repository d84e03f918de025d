package dev.ferry.monitor.staging;

/**
 * What the state file {@code ferry-staging} holds.
 *
 * @param idHighWater every stage id ever handed out is at most this
 * @param versionsEvicted unreleased versions evicted for the quota, since the store was created
 * @param basesEvicted released bases evicted for the quota
 * @param lastWarningAtMillis when the last version was evicted, epoch ms, 0 if never
 * @param lastWarning the warning logged for it, empty if none
 */
record StoreState(
    long idHighWater,
    long versionsEvicted,
    long basesEvicted,
    long lastWarningAtMillis,
    String lastWarning) {
  static final StoreState EMPTY = new StoreState(0, 0, 0, 0, "");

  StoreState withHighWater(long h) {
    return new StoreState(h, versionsEvicted, basesEvicted, lastWarningAtMillis, lastWarning);
  }

  StoreState withEvictions(long versions, long bases, long atMillis, String warning) {
    return new StoreState(
        idHighWater, versionsEvicted + versions, basesEvicted + bases, atMillis, warning);
  }
}
