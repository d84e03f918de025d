package dev.ferry.target.disk;

import dev.ferry.target.ChunkHash;
import dev.ferry.target.ChunkLocation;
import dev.ferry.target.ChunkRef;
import dev.ferry.target.FileEntry;
import dev.ferry.target.PruneRefusedException;
import dev.ferry.target.PruneReport;
import dev.ferry.target.Snapshot;
import dev.ferry.target.container.ContainerHeader;
import dev.ferry.target.container.ContainerReader;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
 * <p>Memory: the index (as {@link ChunkIndex}, ~150 B a chunk) plus 8 B a used chunk and one root
 * at a time. Not thread-safe; the caller holds the writer lock.
 */
public final class Pruner {
  /** Reads a snapshot root by id, fully checked. */
  public interface RootReader {
    Snapshot read(long id) throws IOException;
  }

  private final TargetLayout layout;
  private final DiskOptions options;
  private final AtomicFiles files;
  private final ChunkReader reader;
  private final int maxUnusedPercent;

  /**
   * @param maxUnusedPercent a partly used container is repacked when more than this share of its
   *     stored bytes is unused (0 to 100; 100 never repacks, only wholly unused ones go)
   * @param options how to write (every change goes through its file layer)
   */
  public Pruner(
      TargetLayout layout, DiskOptions options, ChunkReader reader, int maxUnusedPercent) {
    if (maxUnusedPercent < 0 || maxUnusedPercent > 100) {
      throw new IllegalArgumentException("max unused must be 0 to 100 %, not " + maxUnusedPercent);
    }
    this.layout = layout;
    this.options = options;
    this.files = new AtomicFiles(options.fs());
    this.reader = reader;
    this.maxUnusedPercent = maxUnusedPercent;
  }

  /** One container's index entries, split by use. */
  private static final class Usage {
    final Map<ChunkHash, ChunkLocation> used = new LinkedHashMap<>();
    long usedBytes;
    long unusedBytes;
  }

  public PruneReport run(List<Long> rootIds, RootReader roots, WriterLock held) throws IOException {
    if (held == null) {
      throw new IllegalStateException("prune needs the writer lock");
    }
    List<Path> indexPaths = IndexLoader.indexFiles(layout.index());
    List<IndexFile> indexFiles = readAll(indexPaths);
    Map<ChunkHash, ChunkLocation> chosen = new HashMap<>();
    long entries = 0;
    for (IndexFile f : indexFiles) { // by name, as IndexLoader: the same duplicate wins
      f.entries().forEach(chosen::putIfAbsent);
      entries += f.entries().size();
    }
    HashPrefixSet used = usedChunks(rootIds, roots, chosen);
    Map<String, Usage> byContainer = usage(indexFiles, chosen, used);

    List<String> repack = new ArrayList<>();
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
    Map<ChunkHash, ChunkLocation> next = new HashMap<>();
    byContainer.values().forEach(u -> next.putAll(u.used));
    List<String> written = repack(repack, byContainer, next);

    boolean changed = !written.isEmpty() || whollyUnused > 0 || entries != next.size();
    int replaced = 0;
    if (changed && !rootIds.isEmpty()) {
      long newest = rootIds.stream().mapToLong(Long::longValue).max().getAsLong();
      files.write(layout.indexFile(newest), new IndexFile(newest, next).encode());
      replaced = deleteIndexFilesBut(indexPaths, layout.indexFile(newest));
    } else if (changed) {
      replaced = deleteIndexFilesBut(indexPaths, null);
    }
    ChunkIndex fresh = new ChunkIndex();
    fresh.addAll(next);
    Recovery.Result cleaned = Recovery.run(layout, files.fs(), fresh, true);
    long after = containerBytes();
    return new PruneReport(
        rootIds.size(),
        used.size(),
        entries - next.size(),
        cleaned.deletedContainers().size(),
        repack.size(),
        written.size(),
        before - after,
        replaced);
  }

  private static List<IndexFile> readAll(List<Path> paths) throws PruneRefusedException {
    List<IndexFile> out = new ArrayList<>();
    for (Path p : paths) {
      try {
        out.add(IndexLoader.read(p));
      } catch (IOException e) {
        throw new PruneRefusedException("index file " + p.getFileName() + " cannot be read", e);
      }
    }
    return out;
  }

  private static HashPrefixSet usedChunks(
      List<Long> rootIds, RootReader roots, Map<ChunkHash, ChunkLocation> indexed)
      throws PruneRefusedException {
    HashPrefixSet used = new HashPrefixSet();
    for (long id : rootIds) {
      Snapshot s;
      try {
        s = roots.read(id);
      } catch (IOException e) {
        throw new PruneRefusedException("snapshot " + id + " cannot be read", e);
      }
      for (FileEntry f : s.entries()) {
        for (ChunkRef ref : f.chunks()) {
          if (!indexed.containsKey(ref.hash())) {
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
      }
    }
    return used;
  }

  /** Every index entry, by container (sorted by id); duplicates of a chosen entry are unused. */
  private static Map<String, Usage> usage(
      List<IndexFile> files, Map<ChunkHash, ChunkLocation> chosen, HashPrefixSet used) {
    Map<String, Usage> out = new TreeMap<>();
    for (IndexFile f : files) {
      for (Map.Entry<ChunkHash, ChunkLocation> e : f.entries().entrySet()) {
        ChunkLocation loc = e.getValue();
        Usage u = out.computeIfAbsent(loc.containerId(), c -> new Usage());
        boolean inUse = loc.equals(chosen.get(e.getKey())) && used.mayContain(e.getKey());
        if (inUse && u.used.putIfAbsent(e.getKey(), loc) == null) {
          u.usedBytes += loc.length();
        } else if (!inUse) {
          u.unusedBytes += loc.length();
        }
      }
    }
    return out;
  }

  /**
   * Copies the used chunks of {@code ids} into new containers, each chunk read and hash-checked
   * first, and points {@code next} at the copies. Returns the new containers' ids, durable.
   */
  private List<String> repack(
      List<String> ids, Map<String, Usage> byContainer, Map<ChunkHash, ChunkLocation> next)
      throws IOException {
    ContainerSink sink = new ContainerSink(layout, options);
    Map<ChunkHash, ChunkLocation> moved = new HashMap<>();
    try {
      for (String id : ids) {
        ContainerHeader header = header(id);
        Map<ChunkHash, String> pathOf = new HashMap<>();
        header.entries().forEach(e -> pathOf.put(e.hash(), header.pathOf(e)));
        for (Map.Entry<ChunkHash, ChunkLocation> e : byContainer.get(id).used.entrySet()) {
          // Read checks the header lists it at the indexed place, so pathOf has it.
          byte[] plain = read(e.getKey(), e.getValue());
          moved.put(
              e.getKey(), sink.add(e.getKey(), plain, 0, plain.length, pathOf.get(e.getKey())));
        }
      }
      sink.flush();
    } catch (IOException | RuntimeException e) {
      sink.abort(true);
      throw e;
    }
    next.putAll(moved);
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
      return ContainerReader.readHeader(ch, name);
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
