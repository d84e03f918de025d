package dev.ferry.target.index;

import dev.ferry.target.ChunkHash;
import dev.ferry.target.ChunkLocation;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The in-memory union of all index files: chunk hash → location, the first one added winning.
 *
 * <p>Memory: about 60 bytes a chunk (the hash as four longs, container row, offset and length in
 * primitive arrays, plus an open-addressing slot table at most half full), against ~150 for a
 * {@code HashMap<ChunkHash, ChunkLocation>}: the index of a million-chunk target is ~60 MB.
 * Hand-written because no dependency of ours has a primitive map for 32-byte keys.
 *
 * <p>Thread-safe: lookups may run while a commit adds entries (every method is synchronized; the
 * lock is uncontended in practice, one drain and a few readers).
 */
public final class ChunkIndex {
  private static final int WORDS = ChunkHash.LENGTH / Long.BYTES;

  private final List<String> containers = new ArrayList<>();
  private final Map<String, Integer> rows = new HashMap<>();

  private long[] hashWords = new long[16 * WORDS];
  private int[] containerRows = new int[16];
  private long[] offsets = new long[16];
  private int[] lengths = new int[16];
  private int size;

  /** Entry number + 1, or 0 for a free slot; length a power of two, at most half full. */
  private int[] slots = new int[32];

  /** Adds every entry of {@code file}; an existing entry for a hash is kept. */
  public void addAll(IndexFile file) {
    addAll(file.entries());
  }

  public void addAll(Map<ChunkHash, ChunkLocation> entries) {
    entries.forEach(this::add);
  }

  /**
   * Adds one entry unless the hash is already indexed. Its container counts as covered either way:
   * recovery must not delete a container an index file names, even through a duplicate.
   */
  public synchronized void add(ChunkHash hash, ChunkLocation loc) {
    int row = rows.computeIfAbsent(loc.containerId(), this::newRow);
    int slot = find(hash);
    if (slots[slot] != 0) {
      return;
    }
    if (size == lengths.length) {
      grow();
    }
    for (int w = 0; w < WORDS; w++) {
      hashWords[size * WORDS + w] = hash.word(w);
    }
    containerRows[size] = row;
    offsets[size] = loc.offset();
    lengths[size] = loc.length();
    size++;
    slots[slot] = size;
    if (size * 2 > slots.length) {
      rehash();
    }
  }

  /** Something that hands entries to a visitor and may fail part-way, like an index file. */
  public interface EntrySource {
    void visit(IndexFile.EntryVisitor visitor) throws java.io.IOException;
  }

  /**
   * Adds the entries {@code source} visits; if it fails, takes back out every entry and container
   * it added, so a file damaged part-way adds nothing, without being parsed twice.
   */
  public synchronized void addAllOrNone(EntrySource source) throws java.io.IOException {
    int sizeMark = size;
    int containerMark = containers.size();
    try {
      source.visit(this::add);
    } catch (java.io.IOException | RuntimeException e) {
      while (containers.size() > containerMark) {
        rows.remove(containers.remove(containers.size() - 1));
      }
      size = sizeMark;
      Arrays.fill(slots, 0);
      reinsertAll();
      throw e;
    }
  }

  private int newRow(String containerId) {
    containers.add(containerId);
    return containers.size() - 1;
  }

  public synchronized Optional<ChunkLocation> get(ChunkHash hash) {
    int e = slots[find(hash)] - 1;
    return e < 0 ? Optional.empty() : Optional.of(location(e));
  }

  public synchronized boolean contains(ChunkHash hash) {
    return slots[find(hash)] != 0;
  }

  /** True if some index entry names this container. */
  public synchronized boolean coversContainer(String containerId) {
    return rows.containsKey(containerId);
  }

  public synchronized int size() {
    return size;
  }

  /** Visits every entry in the order they were added; do not add to this index from the action. */
  public synchronized void forEach(BiConsumer<ChunkHash, ChunkLocation> action) {
    for (int e = 0; e < size; e++) {
      action.accept(hashOf(e), location(e));
    }
  }

  /** Visits every entry in hash order (unsigned bytes), as index files list them. */
  public synchronized void forEachSorted(BiConsumer<ChunkHash, ChunkLocation> action) {
    Integer[] order = new Integer[size];
    for (int e = 0; e < size; e++) {
      order[e] = e;
    }
    Arrays.sort(order, this::compareHashes);
    for (int e : order) {
      action.accept(hashOf(e), location(e));
    }
  }

  private int compareHashes(int a, int b) {
    for (int w = 0; w < WORDS; w++) {
      int c = Long.compareUnsigned(hashWords[a * WORDS + w], hashWords[b * WORDS + w]);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  /** The containers entries name, in the order they were first named. */
  public synchronized List<String> containers() {
    return List.copyOf(containers);
  }

  /** Gives back the arrays' spare room once loading is done. */
  public synchronized void trim() {
    hashWords = Arrays.copyOf(hashWords, Math.max(1, size) * WORDS);
    containerRows = Arrays.copyOf(containerRows, Math.max(1, size));
    offsets = Arrays.copyOf(offsets, Math.max(1, size));
    lengths = Arrays.copyOf(lengths, Math.max(1, size));
  }

  /** A copy of all entries. */
  public synchronized Map<ChunkHash, ChunkLocation> entries() {
    Map<ChunkHash, ChunkLocation> out = new HashMap<>(size * 2);
    forEach(out::put);
    return out;
  }

  private ChunkLocation location(int e) {
    return new ChunkLocation(containers.get(containerRows[e]), offsets[e], lengths[e]);
  }

  private ChunkHash hashOf(int e) {
    ByteBuffer b = ByteBuffer.allocate(ChunkHash.LENGTH);
    b.asLongBuffer().put(hashWords, e * WORDS, WORDS);
    return ChunkHash.fromBytes(b.array());
  }

  /** The slot holding {@code h}, or the free slot where it would go (linear probing). */
  private int find(ChunkHash h) {
    long w0 = h.word(0);
    long w1 = h.word(1);
    long w2 = h.word(2);
    long w3 = h.word(3);
    int mask = slots.length - 1;
    // SHA-256 bits are uniform: the first word's low bits spread entries well.
    for (int s = (int) w0 & mask; ; s = (s + 1) & mask) {
      int e = slots[s] - 1;
      if (e < 0) {
        return s;
      }
      int k = e * WORDS;
      if (hashWords[k] == w0
          && hashWords[k + 1] == w1
          && hashWords[k + 2] == w2
          && hashWords[k + 3] == w3) {
        return s;
      }
    }
  }

  private void grow() {
    int n = lengths.length * 2;
    hashWords = Arrays.copyOf(hashWords, n * WORDS);
    containerRows = Arrays.copyOf(containerRows, n);
    offsets = Arrays.copyOf(offsets, n);
    lengths = Arrays.copyOf(lengths, n);
  }

  private void rehash() {
    slots = new int[slots.length * 2];
    reinsertAll();
  }

  private void reinsertAll() {
    int mask = slots.length - 1;
    for (int e = 0; e < size; e++) {
      int s = (int) hashWords[e * WORDS] & mask;
      while (slots[s] != 0) {
        s = (s + 1) & mask;
      }
      slots[s] = e + 1;
    }
  }
}
