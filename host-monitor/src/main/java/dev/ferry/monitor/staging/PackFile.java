package dev.ferry.monitor.staging;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Pack file names and reads from pack files: the layout, and chunk bytes by position. */
final class PackFile {
  private static final Pattern NAME = Pattern.compile("([0-9]{20})\\.(stage|base|residue)");

  private PackFile() {}

  /** A pack's id and state from its file name. */
  record Name(long id, PackState state) {}

  static String fileName(long id, PackState state) {
    return String.format(Locale.ROOT, "%020d.%s", id, state.suffix());
  }

  static Optional<Name> parseName(String fileName) {
    Matcher m = NAME.matcher(fileName);
    if (!m.matches()) {
      return Optional.empty();
    }
    String digits = m.group(1);
    if (digits.compareTo("09223372036854775807") > 0) {
      return Optional.empty();
    }
    long id = Long.parseLong(digits);
    return id == 0
        ? Optional.empty()
        : Optional.of(new Name(id, PackState.ofSuffix(m.group(2)).orElseThrow()));
  }

  static PackLayout readLayout(Path file, long id, PackState state) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      return readLayout(ch, file.getFileName().toString(), id, state);
    }
  }

  /** Reads and decodes the preamble, trailer and meta section; never the data section. */
  static PackLayout readLayout(FileChannel ch, String name, long id, PackState state)
      throws IOException {
    long size = ch.size();
    byte[] pre = new byte[(int) Math.min(size, PackCodec.PREAMBLE)];
    readFully(ch, pre, 0);
    PackCodec.checkPreamble(name, pre, size);
    byte[] trailer = new byte[PackCodec.TRAILER];
    readFully(ch, trailer, size - PackCodec.TRAILER);
    int m = PackCodec.metaLength(name, trailer, size);
    byte[] meta = new byte[m];
    readFully(ch, meta, size - PackCodec.TRAILER - m);
    return PackCodec.decode(name, pre, meta, trailer, size, id, state);
  }

  /** Reads {@code dst.length} bytes at {@code position}; EOF before that is an exception. */
  static void readFully(FileChannel ch, byte[] dst, long position) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(dst);
    long at = position;
    while (b.hasRemaining()) {
      int n = ch.read(b, at);
      if (n < 0) {
        throw new EOFException("end of file at " + at + ", " + b.remaining() + " bytes short");
      }
      at += n;
    }
  }
}
