package dev.ferry.monitor.journal;

/**
 * Chronicle's phone-home features off, before any Chronicle class loads. Also passed as {@code -D}
 * flags by the build and the launcher; set here in case a caller forgot.
 */
final class ChronicleDefaults {
  private ChronicleDefaults() {}

  static void apply() {
    setIfAbsent("chronicle.analytics.disable", "true");
    setIfAbsent("chronicle.announcer.disable", "true");
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
