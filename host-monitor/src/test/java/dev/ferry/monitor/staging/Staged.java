package dev.ferry.monitor.staging;

import dev.ferry.monitor.blockmap.BlockMap;
import dev.ferry.monitor.blockmap.BlockMapper;
import dev.ferry.monitor.blockmap.FastCdc;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** Test helpers: files with seeded content, staged the way the agent will stage them. */
final class Staged {
  static final String ROOT = "/home/ada/docs";
  static final int KIB = 1024;
  static final int MIB = 1024 * 1024;

  private Staged() {}

  static byte[] random(long seed, int size) {
    byte[] b = new byte[size];
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < size; i += 8) {
      long v = r.nextLong();
      for (int j = 0; j < 8 && i + j < size; j++) {
        b[i + j] = (byte) (v >>> (8 * j));
      }
    }
    return b;
  }

  /** A copy of {@code data} with {@code len} bytes at {@code at} replaced by other bytes. */
  static byte[] edited(byte[] data, int at, int len, long seed) {
    byte[] out = data.clone();
    byte[] patch = random(seed, len);
    for (int i = 0; i < len; i++) {
      out[at + i] = (byte) (out[at + i] ^ (patch[i] | 1));
    }
    return out;
  }

  /** A copy of {@code data} with {@code insert} inserted at {@code at}. */
  static byte[] inserted(byte[] data, int at, byte[] insert) {
    byte[] out = new byte[data.length + insert.length];
    System.arraycopy(data, 0, out, 0, at);
    System.arraycopy(insert, 0, out, at, insert.length);
    System.arraycopy(data, at, out, at + insert.length, data.length - at);
    return out;
  }

  /** Writes {@code data} to a file in {@code scratch} and stages it as one save of {@code path}. */
  static long stage(StagingStore store, Path scratch, String path, byte[] data) throws IOException {
    try (StageWriter w = writer(store, scratch, path, data)) {
      return w.commit();
    }
  }

  /** Maps {@code data} into a writer, uncommitted (the caller commits or closes it). */
  static StageWriter writer(StagingStore store, Path scratch, String path, byte[] data)
      throws IOException {
    Path f = Files.write(scratch.resolve("file.bin"), data);
    StageWriter w = store.begin(ROOT, path, 1_764_590_400_000_000_000L);
    try {
      new BlockMapper(FastCdc.standard()).map(f, w);
    } catch (IOException | RuntimeException e) {
      w.close();
      throw e;
    }
    return w;
  }

  /** The pack size staging {@code data} in full as {@code path} takes (in a throwaway store). */
  static long fullPackSize(Path scratch, String path, byte[] data) throws IOException {
    Path d = Files.createTempDirectory(scratch, "size");
    try (StagingStore s = StagingStore.open(d, Long.MAX_VALUE)) {
      stage(s, scratch, path, data);
      return s.usage().usedBytes();
    }
  }

  static BlockMap map(Path scratch, byte[] data) throws IOException {
    return new BlockMapper(FastCdc.standard()).map(Files.write(scratch.resolve("map.bin"), data));
  }

  /** The staged version's bytes through its stream, or an exception. */
  static byte[] read(StagingStore store, long id) throws IOException {
    try (StagedVersion v = store.open(id).orElseThrow(() -> new AssertionError("no " + id));
        InputStream in = v.newInputStream()) {
      return in.readAllBytes();
    }
  }
}
