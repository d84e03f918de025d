package dev.ferry.target.disk;

import dev.ferry.target.ChunkHash;
import dev.ferry.target.ChunkLocation;
import dev.ferry.target.ChunkRef;
import dev.ferry.target.Compression;
import dev.ferry.target.FileEntry;
import dev.ferry.target.PruneRefusedException;
import dev.ferry.target.PruneReport;
import dev.ferry.target.container.ContainerHeader;
import dev.ferry.target.container.ContainerReader;
import dev.ferry.target.crypto.TargetKeys;
import dev.ferry.target.index.ChunkIndex;
import dev.ferry.target.index.IndexFile;
import dev.ferry.target.index.IndexLoader;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reclaims chunks no snapshot references, in the order that keeps every step crash-safe (rule 8 of
 * the format, after forget removed roots):
 *
 * <ol>
 *   <li>read every index file and every root; refuse (remove nothing) if any cannot be read, or a
 *       root references a chunk no index holds;
 *   <li>copy the used chunks of partly used containers into new containers (written durably);
 *   <li>write one index file holding every used chunk, under the newest root's id (replacing that
 *       snapshot's own index file atomically);
 *   <li>delete every other index file;
 *   <li>delete the containers no index names any more — recovery's rule 6, run here.
 * </ol>
 *
 * A crash after (2) leaves unindexed new containers (recovery deletes them); after (3), duplicate
 * index entries, which readers allow; during (4), fewer duplicates; during (5), containers recovery
 * deletes next time. At every point each used chunk is indexed in a durable container.
 *
 * <p>Memory: the index ({@link ChunkIndex}, ~60 B a chunk) and the new one of the kept chunks, 8 B
 * a used chunk, the new places of repacked chunks (~150 B each), one root and one index file at a
 * time, and the new index file's bytes (48 B an entry, twice while encoding). Not thread-safe; the
 * caller holds the writer lock.
 */
public final class Pruner {
  /**
   * Hands out the entries of a snapshot root by id, fully checked, except those of segments in
   * {@code seen}, adding the segments it reads to {@code seen}: a segment shared by many roots is
   * read once per prune, not once per root.
   */
  public interface RootReader {
    void entries(long id, Set<ChunkHash> seen, EntryVisitor visitor) throws IOException;
  }

  /** Takes one entry; may refuse the prune. */
  public interface EntryVisitor {
    void visit(FileEntry e) throws IOException;
  }

  private final TargetLayout layout;
  private final DiskOptions options;
  private final AtomicFiles files;
  private final ChunkReader reader;
  private final Compression compression;
  private final int maxUnusedPercent;

  /** The index of what the target holds after {@link #run}: what the new index file says. */
  private ChunkIndex after;

  /**
   * @param compression how repacked chunks are stored: they are read as plain bytes and encoded
   *     again, as a writer would
   * @param maxUnusedPercent a partly used container is repacked when more than this share of its
   *     stored bytes is unused (0 to 100; 100 never repacks, only wholly unused ones go)
   * @param options how to write (every change goes through its file layer)
   */
  public Pruner(
      TargetLayout layout,
      DiskOptions options,
      ChunkReader reader,
      Compression compression,
      int maxUnusedPercent) {
    if (maxUnusedPercent < 0 || maxUnusedPercent > 100) {
      throw new IllegalArgumentException("max unused must be 0 to 100 %, not " + maxUnusedPercent);
    }
    this.layout = layout;
    this.options = options;
    this.files = new AtomicFiles(options.fs());
    this.reader = reader;
    this.compression = compression;
    this.maxUnusedPercent = maxUnusedPercent;
  }

  /** One container's stored bytes, split by use. */
  private static final class Usage {
    long usedBytes;
    long unusedBytes;
  }

  /**
   * @param index the union of every index file, freshly loaded under the lock; {@code failures} the
   *     files that did not load (then prune refuses)
   */
  public PruneReport run(
      List<Long> rootIds,
      RootReader roots,
      ChunkIndex index,
      List<String> failures,
      WriterLock held)
      throws IOException {
    if (held == null) {
      throw new IllegalStateException("prune needs the writer lock");
    }
    if (!failures.isEmpty()) {
      throw new PruneRefusedException("an index file cannot be read: " + failures.get(0), null);
    }
    // What prune keeps is decided by the roots it sees; a root replaced or deleted by a commit or
    // forget whose directory fsync failed may still come back after a power cut. Making the
    // folder durable first means the roots read are the roots a crash leaves.
    files.fs().fsyncDir(layout.snapshots());
    List<Path> indexPaths = IndexLoader.indexFiles(layout.index());
    HashPrefixSet used = usedChunks(rootIds, roots, index);
    long[] entries = {0};
    Map<String, Usage> byContainer = usage(indexPaths, index, used, entries, reader.keys());

    Set<String> repack = new TreeSet<>();
    int whollyUnused = 0;
    for (Map.Entry<String, Usage> e : byContainer.entrySet()) {
      Usage u = e.getValue();
      if (u.usedBytes == 0) {
        whollyUnused++;
      } else if (u.unusedBytes * 100 > (u.usedBytes + u.unusedBytes) * maxUnusedPercent) {
        repack.add(e.getKey());
      }
    }
    long before = containerBytes();
    Map<String, List<ChunkHash>> toMove = new TreeMap<>();
    index.forEach(
        (h, loc) -> {
          if (used.mayContain(h)) {
            if (repack.contains(loc.containerId())) {
              toMove.computeIfAbsent(loc.containerId(), c -> new ArrayList<>()).add(h);
            }
          }
        });
    Map<ChunkHash, ChunkLocation> moved = new HashMap<>();
    List<String> written = repack(toMove, index, moved);
    // The entries to keep: moved chunks at their new place only, so that nothing names the
    // containers they left (a duplicate would count as covering them).
    ChunkIndex next = new ChunkIndex();
    moved.forEach(next::add);
    index.forEach(
        (h, loc) -> {
          if (used.mayContain(h) && !moved.containsKey(h)) {
            next.add(h, loc);
          }
        });
    next.trim();

    boolean changed = !written.isEmpty() || whollyUnused > 0 || entries[0] != next.size();
    int replaced = 0;
    if (changed && !rootIds.isEmpty()) {
      long newest = rootIds.stream().mapToLong(Long::longValue).max().getAsLong();
      Path file = layout.indexFile(newest);
      files.write(
          file, reader.keys().sealFile(layout.relative(file), IndexFile.encode(newest, next)));
      replaced = deleteIndexFilesBut(indexPaths, layout.indexFile(newest));
    } else if (changed) {
      replaced = deleteIndexFilesBut(indexPaths, null);
    }
    Recovery.Result cleaned = Recovery.run(layout, files.fs(), next, true);
    int segmentsDeleted = SegmentSweep.run(layout, files.fs(), reader.keys(), rootIds, held);
    after = next;
    long bytesAfter = containerBytes();
    return new PruneReport(
        rootIds.size(),
        used.size(),
        entries[0] - next.size(),
        cleaned.deletedContainers().size(),
        repack.size(),
        written.size(),
        before - bytesAfter,
        replaced,
        segmentsDeleted);
  }

  /**
   * The union of the index files {@link #run} left, without reading them again: unchanged ones hold
   * exactly these entries (no duplicates, nothing removed), a rewritten one was encoded from them.
   */
  public ChunkIndex indexAfter() {
    if (after == null) {
      throw new IllegalStateException("prune has not run");
    }
    return after;
  }

  private static HashPrefixSet usedChunks(List<Long> rootIds, RootReader roots, ChunkIndex index)
      throws IOException {
    HashPrefixSet used = new HashPrefixSet();
    Set<ChunkHash> seenSegments = new HashSet<>();
    for (long id : rootIds) {
      EntryVisitor mark =
          f -> {
            for (ChunkRef ref : f.chunks()) {
              if (!index.contains(ref.hash())) {
                throw new PruneRefusedException(
                    "snapshot "
                        + id
                        + " file "
                        + f.path()
                        + " needs chunk "
                        + ref.hash()
                        + ", which no index holds",
                    null);
              }
              used.add(ref.hash());
            }
          };
      try {
        roots.entries(id, seenSegments, mark);
      } catch (PruneRefusedException e) {
        throw e;
      } catch (IOException e) {
        throw new PruneRefusedException("snapshot " + id + " cannot be read", e);
      }
    }
    return used;
  }

  /**
   * Streams every index file (one in memory at a time) and sums each container's stored bytes by
   * use: an entry is used if a root uses its chunk and it is the entry the index chose for it
   * (duplicates elsewhere are not). Counts all entries into {@code entries[0]}.
   */
  private static Map<String, Usage> usage(
      List<Path> files, ChunkIndex index, HashPrefixSet used, long[] entries, TargetKeys keys)
      throws PruneRefusedException {
    Map<String, Usage> out = new TreeMap<>();
    for (Path p : files) {
      try {
        IndexLoader.scan(
            p,
            keys,
            (hash, loc) -> {
              entries[0]++;
              Usage u = out.computeIfAbsent(loc.containerId(), c -> new Usage());
              boolean inUse = used.mayContain(hash) && loc.equals(index.get(hash).orElse(null));
              if (inUse) {
                u.usedBytes += loc.length();
              } else {
                u.unusedBytes += loc.length();
              }
            });
      } catch (IOException e) {
        throw new PruneRefusedException("index file " + p.getFileName() + " cannot be read", e);
      }
    }
    return out;
  }

  /**
   * Copies the chunks in {@code toMove} (by container) into new containers, each read and
   * hash-checked first, and records their new places in {@code moved}. Returns the new containers'
   * ids, durable.
   */
  private List<String> repack(
      Map<String, List<ChunkHash>> toMove, ChunkIndex index, Map<ChunkHash, ChunkLocation> moved)
      throws IOException {
    ContainerSink sink = new ContainerSink(layout, options, compression, reader.keys());
    try {
      for (Map.Entry<String, List<ChunkHash>> c : toMove.entrySet()) {
        ContainerHeader header = header(c.getKey());
        Map<ChunkHash, String> pathOf = new HashMap<>();
        header.entries().forEach(e -> pathOf.put(e.hash(), header.pathOf(e)));
        for (ChunkHash h : c.getValue()) {
          // Read checks the header lists it at the indexed place, so pathOf has it.
          byte[] plain = read(h, index.get(h).orElseThrow());
          moved.put(h, sink.add(h, plain, 0, plain.length, pathOf.get(h)));
        }
      }
      sink.flush();
    } catch (IOException | RuntimeException e) {
      sink.abort(true);
      throw e;
    } finally {
      sink.release();
    }
    return sink.sealedIds();
  }

  private byte[] read(ChunkHash h, ChunkLocation loc) throws PruneRefusedException {
    try {
      return reader.read(h, loc);
    } catch (IOException e) {
      throw new PruneRefusedException("chunk " + h + " in use cannot be read", e);
    }
  }

  private ContainerHeader header(String id) throws PruneRefusedException {
    String name = layout.containerName(id);
    try (FileChannel ch = FileChannel.open(layout.container(id), StandardOpenOption.READ)) {
      return ContainerReader.readHeader(ch, name, reader.keys());
    } catch (IOException e) {
      throw new PruneRefusedException("container " + name + " cannot be read", e);
    }
  }

  private int deleteIndexFilesBut(List<Path> files, Path keep) throws IOException {
    int n = 0;
    for (Path p : files) {
      if (!p.equals(keep)) {
        this.files.fs().deleteIfExists(p);
        n++;
      }
    }
    this.files.fs().fsyncDir(layout.index());
    return n;
  }

  private long containerBytes() throws IOException {
    long sum = 0;
    for (Path dir : Recovery.subdirs(layout.data())) {
      try (var files = Files.list(dir)) {
        for (Path p : (Iterable<Path>) files::iterator) {
          sum += Files.isRegularFile(p) ? Files.size(p) : 0;
        }
      }
    }
    return sum;
  }
}
