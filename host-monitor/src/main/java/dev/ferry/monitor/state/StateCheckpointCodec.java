package dev.ferry.monitor.state;

import dev.ferry.monitor.journal.FileType;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * Format version 1 of a {@link StateCheckpoint} (src-docs/file-state-index.md): streamed, so a
 * large map is never built twice in memory. Decoding trusts nothing: lengths are bounded by the
 * bytes the caller says are there, and the CRC is checked before the map is returned. Stateless and
 * thread-safe.
 */
public final class StateCheckpointCodec {
  static final byte[] MAGIC = {'F', 'R', 'S', 'I'};
  static final byte[] END_MAGIC = {'F', 'R', 'S', 'E'};
  static final int VERSION = 1;
  static final int HEADER = 32;
  static final int TRAILER = 12;

  /** Smallest entry: shared, suffix length, type, flags, mode, five i64. */
  static final int MIN_ENTRY = 2 + 2 + 1 + 1 + 2 + 5 * 8;

  static final int MAX_PATH = 4096;
  private static final int FLAG_EXACT_CTIME = 1;
  private static final int FLAG_DIGEST = 2;

  private StateCheckpointCodec() {}

  /** Writes {@code c} to {@code out} (not closed), entries in byte order of their paths. */
  public static void write(StateCheckpoint c, OutputStream out) throws IOException {
    CRC32C crc = new CRC32C();
    DataOutputStream d = new DataOutputStream(new CheckedOutputStream(out, crc));
    List<Map.Entry<byte[], KnownFile>> entries = sorted(c.files());
    d.write(MAGIC);
    d.writeByte(VERSION);
    d.writeByte(0);
    d.writeShort(0);
    d.writeLong(c.coveredIndex());
    d.writeInt(c.coveredIndex() < 0 ? 0 : c.coveredCrc());
    d.writeInt(entries.size());
    d.writeLong(c.createdAtNanos());
    byte[] prev = new byte[0];
    for (Map.Entry<byte[], KnownFile> e : entries) {
      byte[] path = e.getKey();
      int shared = Arrays.mismatch(prev, path);
      shared = shared < 0 ? path.length : Math.min(shared, Math.min(prev.length, path.length));
      d.writeShort(shared);
      d.writeShort(path.length - shared);
      d.write(path, shared, path.length - shared);
      writeEntry(d, e.getValue());
      prev = path;
    }
    d.write(END_MAGIC);
    d.writeInt(entries.size());
    d.flush();
    new DataOutputStream(out).writeInt((int) crc.getValue());
    out.flush();
  }

  private static void writeEntry(DataOutputStream d, KnownFile k) throws IOException {
    FileState s = k.state();
    boolean digest = !s.isLink() && k.digest() != KnownFile.NO_DIGEST;
    d.writeByte(s.type().code());
    d.writeByte((k.exactCtime() ? FLAG_EXACT_CTIME : 0) | (digest ? FLAG_DIGEST : 0));
    d.writeShort(s.mode());
    d.writeLong(s.device());
    d.writeLong(s.inode());
    d.writeLong(s.size());
    d.writeLong(s.mtimeNanos());
    d.writeLong(s.ctimeNanos());
    if (digest) {
      d.writeLong(k.digest());
    }
  }

  private static List<Map.Entry<byte[], KnownFile>> sorted(Map<Path, KnownFile> files) {
    List<Map.Entry<byte[], KnownFile>> out = new ArrayList<>(files.size());
    for (Map.Entry<Path, KnownFile> e : files.entrySet()) {
      byte[] path = e.getKey().toString().getBytes(StandardCharsets.UTF_8);
      if (path.length <= MAX_PATH) { // longer ones cannot exist on Linux; a rescan finds them
        out.add(Map.entry(path, e.getValue()));
      }
    }
    out.sort((a, b) -> Arrays.compareUnsigned(a.getKey(), b.getKey()));
    return out;
  }

  /**
   * Reads a checkpoint of exactly {@code length} bytes from {@code in}.
   *
   * @throws CorruptStateException naming the field if the bytes are not a valid checkpoint
   * @throws IOException if {@code in} fails
   */
  public static StateCheckpoint read(InputStream in, long length)
      throws IOException, CorruptStateException {
    if (length < HEADER + TRAILER) {
      throw new CorruptStateException("magic", "only " + length + " bytes");
    }
    CRC32C crc = new CRC32C();
    DataInputStream d = new DataInputStream(new CheckedInputStream(in, crc));
    try {
      return readChecked(d, crc, length);
    } catch (EOFException e) {
      throw new CorruptStateException("crc", "file ends early");
    }
  }

  private static StateCheckpoint readChecked(DataInputStream d, CRC32C crc, long length)
      throws IOException, CorruptStateException {
    byte[] magic = new byte[4];
    d.readFully(magic);
    if (!Arrays.equals(magic, MAGIC)) {
      throw new CorruptStateException("magic", "not FRSI");
    }
    int version = d.readUnsignedByte();
    if (version != VERSION) {
      throw new CorruptStateException("version", "unsupported version " + version);
    }
    if (d.readUnsignedByte() != 0 || d.readUnsignedShort() != 0) {
      throw new CorruptStateException("flags", "reserved bits set");
    }
    long covered = d.readLong();
    int coveredCrc = d.readInt();
    long count = d.readInt() & 0xffffffffL;
    long createdAt = d.readLong();
    if (covered < -1) {
      throw new CorruptStateException("coveredIndex", "less than -1: " + covered);
    }
    if (covered == -1 && coveredCrc != 0) { // one encoding per checkpoint: nothing to recognise
      throw new CorruptStateException("coveredCrc", "must be 0 when coveredIndex is -1");
    }
    long budget = length - HEADER - TRAILER;
    if (count > budget / MIN_ENTRY) {
      throw new CorruptStateException(
          "entryCount", count + " entries cannot fit in " + budget + " bytes");
    }
    Map<Path, KnownFile> files = new HashMap<>((int) Math.min(count * 4 / 3 + 1, 1 << 20));
    byte[] prev = new byte[0];
    EntryReader r = new EntryReader(d, budget);
    for (long i = 0; i < count; i++) {
      byte[] path = r.path(prev, i);
      files.put(Path.of(new String(path, StandardCharsets.UTF_8)), r.entry(i));
      prev = path;
    }
    if (r.remaining() != 0) {
      throw new CorruptStateException("endMagic", r.remaining() + " stray bytes after the entries");
    }
    d.readFully(magic);
    if (!Arrays.equals(magic, END_MAGIC)) {
      throw new CorruptStateException("endMagic", "not FRSE");
    }
    if ((d.readInt() & 0xffffffffL) != count) {
      throw new CorruptStateException("entryCount", "trailer count differs from the header's");
    }
    int expected = (int) crc.getValue();
    int stored = d.readInt();
    if (stored != expected) {
      throw new CorruptStateException("crc", "CRC32C mismatch");
    }
    if (d.read() >= 0) {
      throw new CorruptStateException("crc", "bytes after the trailer");
    }
    return new StateCheckpoint(covered, coveredCrc, createdAt, files);
  }

  /** Reads entries while counting the bytes left for them, so nothing over-allocates. */
  private static final class EntryReader {
    private final DataInputStream d;
    private long left;

    EntryReader(DataInputStream d, long budget) {
      this.d = d;
      this.left = budget;
    }

    long remaining() {
      return left;
    }

    private void take(long n, String field) throws CorruptStateException {
      if (n > left) {
        throw new CorruptStateException(field, "runs past the end of the entries");
      }
      left -= n;
    }

    byte[] path(byte[] prev, long i) throws IOException, CorruptStateException {
      String field = "entry[" + i + "].suffix";
      take(4, field);
      int shared = d.readUnsignedShort();
      int n = d.readUnsignedShort();
      if (shared > prev.length || (i == 0 && shared != 0)) {
        throw new CorruptStateException("entry[" + i + "].shared", "more than the previous path");
      }
      if (shared + n > MAX_PATH) {
        throw new CorruptStateException(field, "path longer than " + MAX_PATH + " bytes");
      }
      take(n, field);
      byte[] path = Arrays.copyOf(prev, shared + n);
      d.readFully(path, shared, n);
      if (n > 0 && shared < prev.length && path[shared] == prev[shared]) {
        // One encoding per checkpoint: the shared prefix is always the longest there is.
        throw new CorruptStateException("entry[" + i + "].shared", "not the longest shared prefix");
      }
      if (Arrays.compareUnsigned(prev, path) >= 0 && i > 0) {
        throw new CorruptStateException(field, "not after the previous path");
      }
      checkPath(path, field);
      return path;
    }

    KnownFile entry(long i) throws IOException, CorruptStateException {
      String at = "entry[" + i + "].";
      take(MIN_ENTRY - 4, at + "type");
      FileType type = FileType.ofCode(d.readUnsignedByte());
      int flags = d.readUnsignedByte();
      int mode = d.readUnsignedShort();
      if (type == null) {
        throw new CorruptStateException(at + "type", "unknown type");
      }
      if ((flags & ~(FLAG_EXACT_CTIME | FLAG_DIGEST)) != 0
          || (type == FileType.SYMLINK && (flags & FLAG_DIGEST) != 0)) {
        throw new CorruptStateException(at + "flags", "bits not allowed: " + flags);
      }
      if ((mode & ~07777) != 0) {
        throw new CorruptStateException(at + "mode", "bits outside 07777");
      }
      long device = d.readLong();
      long inode = d.readLong();
      long size = d.readLong();
      long mtime = d.readLong();
      long ctime = d.readLong();
      if (size < 0) {
        throw new CorruptStateException(at + "size", "negative");
      }
      long digest = KnownFile.NO_DIGEST;
      if ((flags & FLAG_DIGEST) != 0) {
        take(8, at + "digest");
        digest = d.readLong();
        if (digest == KnownFile.NO_DIGEST) {
          throw new CorruptStateException(at + "digest", "0 is not a digest");
        }
      }
      FileState s = new FileState(type, device, inode, size, mtime, mode, ctime);
      return new KnownFile(s, (flags & FLAG_EXACT_CTIME) != 0, digest, null);
    }
  }

  /** Absolute, normalized, valid UTF-8, no NUL: what a watched file's path looks like. */
  private static void checkPath(byte[] path, String field) throws CorruptStateException {
    String s;
    try {
      s =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(path))
              .toString();
    } catch (CharacterCodingException e) {
      throw new CorruptStateException(field, "invalid UTF-8");
    }
    if (s.length() < 2 || s.charAt(0) != '/' || s.indexOf('\0') >= 0) {
      throw new CorruptStateException(field, "not an absolute path");
    }
    for (String seg : s.substring(1).split("/", -1)) {
      if (seg.isEmpty() || seg.equals(".") || seg.equals("..")) {
        throw new CorruptStateException(field, "not a normalized path");
      }
    }
  }
}
