package dev.ferry.target;

/** A symbolic link's text that no Linux link can hold, or that UTF-8 cannot carry unchanged. */
public class InvalidLinkTargetException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidLinkTargetException(String path, String why) {
    super("invalid link target of \"" + path + "\": " + why);
  }
}
