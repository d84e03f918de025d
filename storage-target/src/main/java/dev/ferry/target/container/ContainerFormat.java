package dev.ferry.target.container;

import java.nio.charset.StandardCharsets;

/** Constants of the container layout, format version 1. See {@code src-docs/target-format.md}. */
public final class ContainerFormat {
  public static final byte[] MAGIC = "FERRYCON".getBytes(StandardCharsets.US_ASCII);
  public static final byte[] END_MAGIC = "FERRYEND".getBytes(StandardCharsets.US_ASCII);
  public static final int VERSION = 1;

  /** magic(8) + version(4) + header length(4). */
  public static final int PREAMBLE = 16;

  /** CRC32C after the header. */
  public static final int HEADER_CRC = 4;

  /** total length(8) + CRC32C(4) + end magic(8). */
  public static final int TRAILER = 20;

  /** Container ids are 32 lower-case hex digits (128 random bits), stored as ASCII. */
  public static final int ID_LENGTH = 32;

  /** hash(32) + offset(8) + stored length(4) + plain length(4) + flags(1) + path index(4). */
  public static final int CHUNK_ENTRY = 53;

  /** Upper bound on a header, so a hostile length cannot make a reader allocate gigabytes. */
  public static final int MAX_HEADER = 64 << 20;

  /** Flags bits reserved for issue 4 (compression, encryption); version 1 writes 0 only. */
  public static final int KNOWN_FLAGS = 0;

  private ContainerFormat() {}

  /** Offset in the file where the data section starts. */
  public static long dataStart(int headerLength) {
    return PREAMBLE + (long) headerLength + HEADER_CRC;
  }

  /** True for a well-formed container id: 32 lower-case hex digits. */
  public static boolean isValidId(String id) {
    if (id.length() != ID_LENGTH) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }
}
