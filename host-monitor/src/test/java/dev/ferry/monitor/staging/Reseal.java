package dev.ferry.monitor.staging;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Recomputes the checksums of a staging file in place (where its shape allows), so that fuzzed
 * mutations reach the parsing behind the CRC instead of dying at it.
 */
final class Reseal {
  private Reseal() {}

  /** Pack: the trailer's total length and CRC, if the meta length fits. */
  static void pack(byte[] b) {
    int n = b.length;
    if (n < PackCodec.PREAMBLE + PackCodec.TRAILER) {
      return;
    }
    ByteBuffer bb = ByteBuffer.wrap(b);
    bb.putLong(n - 20, n);
    int m = bb.getInt(n - 24);
    if (m < 0 || m > n - PackCodec.PREAMBLE - PackCodec.TRAILER) {
      return;
    }
    CRC32C c = new CRC32C();
    c.update(b, 0, PackCodec.PREAMBLE);
    c.update(b, n - PackCodec.TRAILER - m, m);
    c.update(b, n - PackCodec.TRAILER, 12);
    bb.putInt(n - 12, (int) c.getValue());
  }

  /** State file: the trailing CRC32C. */
  static void state(byte[] b) {
    if (b.length >= 4) {
      CRC32C c = new CRC32C();
      c.update(b, 0, b.length - 4);
      ByteBuffer.wrap(b).putInt(b.length - 4, (int) c.getValue());
    }
  }
}
