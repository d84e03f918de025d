package dev.ferry.target.container;

import java.nio.charset.StandardCharsets;

/**
 * Constants of the container layout, format versions 1, 2 and 3 (encrypted). See {@code
 * src-docs/target-format.md}.
 */
public final class ContainerFormat {
  public static final byte[] MAGIC = "FERRYCON".getBytes(StandardCharsets.US_ASCII);
  public static final byte[] END_MAGIC = "FERRYEND".getBytes(StandardCharsets.US_ASCII);

  /** The version writers of an unencrypted target write. */
  public static final int VERSION = 2;

  /**
   * The version writers of an encrypted target write: version 2 with the header body sealed and
   * every chunk sealed (flag bit 1). Only an encrypted target reads it, and it reads no other.
   */
  public static final int ENCRYPTED_VERSION = 3;

  /** The oldest version readers accept; version 1 differs only in allowing no chunk flags. */
  public static final int OLDEST_VERSION = 1;

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

  /** Chunk flag bit 0: the stored bytes are one zstd frame of the plain bytes (version 2). */
  public static final int FLAG_ZSTD = 0x01;

  /**
   * Chunk flag bit 1: the stored bytes are sealed with AES-256-GCM (nonce, ciphertext, tag) around
   * what flag bit 0 says; set on every row of version 3 and on no row of earlier versions.
   */
  public static final int FLAG_ENCRYPTED = 0x02;

  /**
   * Largest plain length of a compressed chunk: what a reader allocates at most to decompress one,
   * so a hostile row cannot make it allocate more. Writers store bigger chunks plain.
   */
  public static final int MAX_COMPRESSED_PLAIN = 16 << 20;

  private ContainerFormat() {}

  /** True for a version this reader reads. */
  public static boolean isReadableVersion(int version) {
    return version >= OLDEST_VERSION && version <= ENCRYPTED_VERSION;
  }

  /** The chunk flags a reader accepts in a container of {@code version}. */
  public static int knownFlags(int version) {
    return version >= ENCRYPTED_VERSION ? FLAG_ZSTD | FLAG_ENCRYPTED : version >= 2 ? FLAG_ZSTD : 0;
  }

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
