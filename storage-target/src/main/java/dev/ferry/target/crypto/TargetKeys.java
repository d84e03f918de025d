package dev.ferry.target.crypto;

import dev.ferry.target.ChunkHash;
import dev.ferry.target.CorruptDataException;
import dev.ferry.target.container.FieldReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;

/**
 * The keys of one target and every sealing it does: chunks, container headers and whole files
 * (index files, snapshot roots). {@link #NONE} is an unencrypted target, for which every method
 * leaves bytes as they are, so plain targets take the same code paths with no change.
 *
 * <p>All sealing is AES-256-GCM ({@link Aead}) under one key derived from the random master key by
 * HKDF-SHA256; what each object is bound to by its associated data is in target-format.md
 * ("Encryption"). Thread-safe and immutable.
 */
public final class TargetKeys {
  /** An unencrypted target. */
  public static final TargetKeys NONE = new TargetKeys(null);

  public static final int MASTER_BYTES = 32;

  /** Magic of a sealed whole file. */
  public static final byte[] FILE_MAGIC = "FERRYENC".getBytes(StandardCharsets.US_ASCII);

  public static final int FILE_VERSION = 1;

  /** magic(8) + version(4) + nonce(12) + tag(16). */
  public static final int FILE_OVERHEAD = 12 + Aead.OVERHEAD;

  private static final byte[] CHUNK_LABEL = "FERRYCHK".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] HEADER_LABEL =
      "FERRYCON header v3".getBytes(StandardCharsets.US_ASCII);
  private static final String SUBKEY_INFO = "ferry-target aes-256-gcm v1";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] master;
  private final Aead aead;

  private TargetKeys(byte[] master) {
    this.master = master == null ? null : master.clone();
    this.aead = master == null ? null : new Aead(Kdf.hkdf(master, new byte[0], SUBKEY_INFO));
  }

  /** A new random master key, for a new encrypted target. */
  public static TargetKeys generate() {
    byte[] m = new byte[MASTER_BYTES];
    RANDOM.nextBytes(m);
    return new TargetKeys(m);
  }

  /** The keys of a target whose master key is known: unwrapped, or fixed in a test. */
  public static TargetKeys of(byte[] master) {
    if (master.length != MASTER_BYTES) {
      throw new IllegalArgumentException("a master key has 32 bytes, not " + master.length);
    }
    return new TargetKeys(master);
  }

  public boolean encrypted() {
    return aead != null;
  }

  /** For wrapping only; a copy. */
  byte[] master() {
    return master.clone();
  }

  /** Bytes sealing adds to a chunk's stored bytes: 28 in an encrypted target, else 0. */
  public int chunkOverhead() {
    return encrypted() ? Aead.OVERHEAD : 0;
  }

  /** Bytes a sealed chunk or header has beyond what was sealed: nonce and tag. */
  public static int sealedOverhead() {
    return Aead.OVERHEAD;
  }

  /** Bytes sealing adds to a container header body. */
  public int headerOverhead() {
    return chunkOverhead();
  }

  /** Bytes sealing adds to a whole file. */
  public int fileOverhead() {
    return encrypted() ? FILE_OVERHEAD : 0;
  }

  /**
   * Seals a chunk's encoded bytes (plain or a zstd frame) into {@code out} at {@code outOff}, bound
   * to its place and row: container id, data offset, hash, plain length and flags (with {@code
   * FLAG_ENCRYPTED} set). Only for an encrypted target.
   *
   * @return bytes written: {@code len + chunkOverhead()}
   */
  public int sealChunk(
      String containerId,
      long offset,
      ChunkHash hash,
      int plainLength,
      int flags,
      byte[] in,
      int off,
      int len,
      byte[] out,
      int outOff) {
    return requireAead()
        .seal(chunkAad(containerId, offset, hash, plainLength, flags), in, off, len, out, outOff);
  }

  /**
   * The encoded bytes of a sealed chunk, checked to be the ones sealed for this row at this place.
   *
   * @throws AEADBadTagException if they are not (damaged, moved, or another key's)
   */
  public byte[] openChunk(
      String containerId, long offset, ChunkHash hash, int plainLength, int flags, byte[] stored)
      throws AEADBadTagException {
    return requireAead()
        .open(chunkAad(containerId, offset, hash, plainLength, flags), stored, 0, stored.length);
  }

  private static byte[] chunkAad(
      String containerId, long offset, ChunkHash hash, int plainLength, int flags) {
    byte[] id = containerId.getBytes(StandardCharsets.US_ASCII);
    return ByteBuffer.allocate(CHUNK_LABEL.length + id.length + 8 + ChunkHash.LENGTH + 4 + 1)
        .put(CHUNK_LABEL)
        .put(id)
        .putLong(offset)
        .put(hash.toBytes())
        .putInt(plainLength)
        .put((byte) flags)
        .array();
  }

  /** A container header body, sealed. The body names the container; readers check the name. */
  public byte[] sealHeader(byte[] body) {
    return requireAead().seal(HEADER_LABEL, body, 0, body.length);
  }

  /**
   * The header body sealed in {@code buf[off, off+len)}.
   *
   * @throws AEADBadTagException if it does not open under this target's key
   */
  public byte[] openHeader(byte[] buf, int off, int len) throws AEADBadTagException {
    return requireAead().open(HEADER_LABEL, buf, off, len);
  }

  /**
   * A whole file's bytes as they go on disk: unchanged in an unencrypted target, else the envelope
   * {@code FERRYENC ‖ version ‖ nonce ‖ ciphertext ‖ tag} bound to {@code name}, the file's path
   * relative to the target ({@code index/7.idx}, {@code snapshots/…07.snap}).
   */
  public byte[] sealFile(String name, byte[] plain) {
    if (!encrypted()) {
      return plain;
    }
    byte[] head = fileHead();
    byte[] out = Arrays.copyOf(head, head.length + plain.length + Aead.OVERHEAD);
    aead.seal(fileAad(name), plain, 0, plain.length, out, head.length);
    return out;
  }

  /**
   * A whole file's plain bytes: {@code stored} itself in an unencrypted target, else the opened
   * envelope.
   *
   * @throws CorruptDataException from {@code failure} if the target is encrypted and the file is
   *     not an envelope, or does not open (damaged, another file's, another target's); or if the
   *     target is not encrypted and the file is an envelope
   */
  public byte[] openFile(String name, byte[] stored, FieldReader.Failure failure)
      throws CorruptDataException {
    boolean envelope =
        stored.length >= FILE_MAGIC.length
            && Arrays.equals(stored, 0, FILE_MAGIC.length, FILE_MAGIC, 0, FILE_MAGIC.length);
    if (!encrypted()) {
      if (envelope) {
        throw failure.at("is encrypted (FERRYENC), but this target is not");
      }
      return stored;
    }
    if (!envelope) {
      throw failure.at("is not encrypted (no FERRYENC magic), in an encrypted target");
    }
    FieldReader r = new FieldReader(stored, FILE_MAGIC.length, stored.length - 8, failure);
    int version = r.s32("envelope version");
    if (version != FILE_VERSION) {
      throw failure.at("envelope version " + version + ", this reader knows " + FILE_VERSION);
    }
    try {
      return aead.open(fileAad(name), stored, 12, stored.length - 12);
    } catch (AEADBadTagException e) {
      throw failure.at(
          "does not decrypt (AES-GCM tag mismatch): damaged, or sealed for another file or"
              + " target");
    }
  }

  private static byte[] fileHead() {
    return ByteBuffer.allocate(12).put(FILE_MAGIC).putInt(FILE_VERSION).array();
  }

  private static byte[] fileAad(String name) {
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    byte[] head = fileHead();
    byte[] aad = Arrays.copyOf(head, head.length + n.length);
    System.arraycopy(n, 0, aad, head.length, n.length);
    return aad;
  }

  private Aead requireAead() {
    if (aead == null) {
      throw new IllegalStateException("this target is not encrypted");
    }
    return aead;
  }
}
