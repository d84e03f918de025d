package dev.ferry.target;

/** An entry path that could escape a restore directory or is otherwise malformed. */
public class InvalidEntryPathException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidEntryPathException(String path, String why) {
    super("invalid entry path \"" + path + "\": " + why);
  }
}
