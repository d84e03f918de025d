package dev.ferry.monitor.state;

import dev.ferry.monitor.blockmap.Block;
import dev.ferry.monitor.blockmap.BlockMap;
import dev.ferry.monitor.journal.FileType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Sample checkpoints for tests. */
final class Checkpoints {
  private Checkpoints() {}

  static KnownFile regular(long inode, long size, boolean exact) {
    BlockMap blocks =
        size == 0
            ? BlockMap.EMPTY
            : new BlockMap(
                List.of(
                    new Block(0, (int) (size / 2), 11),
                    new Block(size / 2, (int) (size - size / 2), -7)));
    FileState s =
        new FileState(
            FileType.REGULAR, 2049, inode, size, 1_700_000_000_123L, 0644, 1_700_000_001_456L);
    return new KnownFile(s, exact, PackedBlocks.of(blocks).digest(), null);
  }

  static KnownFile link(long inode) {
    FileState s = new FileState(FileType.SYMLINK, 2049, inode, 12, 5, 0777, 6);
    return KnownFile.scanned(s);
  }

  static KnownFile scannedOnly(long inode) {
    FileState s = new FileState(FileType.REGULAR, 1, inode, 3, 4, 0600, 5);
    return KnownFile.scanned(s);
  }

  static StateCheckpoint sample() {
    return new StateCheckpoint(
        (19_000L << 32) | 41,
        0x1234abcd,
        1_764_000_000_000_000_000L,
        Map.of(
            Path.of("/home/anna/Documents/a.txt"), regular(10, 100_000, true),
            Path.of("/home/anna/Documents/a.txt.bak"), regular(11, 3, false),
            Path.of("/home/anna/Documents/sub/ß/ü.odt"), regular(12, 0, true),
            Path.of("/home/anna/Documents/bin/current"), link(13),
            Path.of("/home/anna/Music/x.flac"), scannedOnly(14)));
  }

  static byte[] encode(StateCheckpoint c) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      StateCheckpointCodec.write(c, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static StateCheckpoint decode(byte[] bytes) throws CorruptStateException {
    try {
      return StateCheckpointCodec.read(new ByteArrayInputStream(bytes), bytes.length);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
