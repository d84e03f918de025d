package dev.ferry.target;

/** The directory is not a Ferry target (missing or foreign {@code ferry-target} file). */
public class NotATargetException extends java.io.IOException {
  private static final long serialVersionUID = 1L;

  public NotATargetException(java.nio.file.Path dir, String why) {
    super("not a Ferry target: " + dir + " (" + why + ")");
  }
}
