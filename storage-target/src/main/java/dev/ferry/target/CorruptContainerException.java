package dev.ferry.target;

/** A container whose trailer, header or checksum is wrong; its chunks are not trusted. */
public class CorruptContainerException extends CorruptDataException {
  private static final long serialVersionUID = 1L;

  public CorruptContainerException(String file, String detail) {
    super("container", file, detail);
  }
}
