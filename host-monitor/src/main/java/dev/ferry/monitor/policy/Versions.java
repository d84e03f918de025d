package dev.ferry.monitor.policy;

/** Which versions of a file a policy keeps. */
public enum Versions {
  /** The state of the file when the copy is made; saves in between are not kept. YAML: latest. */
  LATEST("latest"),
  /** Every save is staged locally and becomes its own version. YAML: every-save. */
  EVERY_SAVE("every-save");

  private final String yaml;

  Versions(String yaml) {
    this.yaml = yaml;
  }

  /** The word used in policy files. */
  public String yaml() {
    return yaml;
  }
}
