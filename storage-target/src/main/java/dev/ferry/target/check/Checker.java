package dev.ferry.target.check;

import dev.ferry.target.AffectedEntry;
import dev.ferry.target.ChunkHash;
import dev.ferry.target.ChunkLocation;
import dev.ferry.target.ChunkRef;
import dev.ferry.target.CorruptDataException;
import dev.ferry.target.DataSubset;
import dev.ferry.target.FileEntry;
import dev.ferry.target.PathOrder;
import dev.ferry.target.VerifyReport;
import dev.ferry.target.container.ChunkDecoder;
import dev.ferry.target.container.ContainerEntry;
import dev.ferry.target.container.ContainerFormat;
import dev.ferry.target.container.ContainerHeader;
import dev.ferry.target.container.ContainerReader;
import dev.ferry.target.crypto.TargetKeys;
import dev.ferry.target.disk.AtomicFiles;
import dev.ferry.target.disk.NioFs;
import dev.ferry.target.disk.Recovery;
import dev.ferry.target.disk.SealedRoots;
import dev.ferry.target.disk.SegmentStore;
import dev.ferry.target.disk.TargetLayout;
import dev.ferry.target.index.IndexFile;
import dev.ferry.target.index.IndexLoader;
import dev.ferry.target.snapshot.SegmentRef;
import dev.ferry.target.snapshot.SnapshotCodec;
import dev.ferry.target.snapshot.SnapshotRoot;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * Checks a disk target: containers, then index files against container headers, then snapshots
 * against the index. Damaged hashes are all known after the first two stages; the last stage reads
 * one snapshot root at a time and keeps only the entries that reference a damaged object, so memory
 * grows with the index and the damage, not with the number of snapshots. Not thread-safe; one run
 * per instance.
 */
public final class Checker {
  /** One stored copy of a chunk: a hash may be stored in more than one container. */
  private record Copy(String containerId, ChunkHash hash) {}

  private final TargetLayout layout;
  private final TargetKeys keys;
  private final DataSubset subset;
  private final Random random;
  private final DamageLog log = new DamageLog();
  private final SegmentStore segments;

  /** The chunk table by hash of each container whose header checks out. */
  private final Map<String, Map<ChunkHash, ContainerEntry>> goodContainers = new HashMap<>();

  /**
   * Damage key of each chunk copy known bad, e.g. "chunk ab12…" or "container 3f…". By copy, since
   * a bad copy the index does not point at breaks nothing: reads use the indexed one.
   */
  private final Map<Copy, String> badChunks = new HashMap<>();

  private final Map<ChunkHash, ChunkLocation> index = new HashMap<>();
  private int containers;
  private int containersRead;
  private int chunks;
  private int snapshots;

  /**
   * @param keys the target's keys, {@link TargetKeys#NONE} if it is not encrypted
   * @param subset the containers whose data is read; the structure check covers all
   * @param random chooses the containers of a {@link DataSubset.Percent}
   */
  public Checker(TargetLayout layout, TargetKeys keys, DataSubset subset, Random random) {
    this.layout = layout;
    this.keys = keys;
    this.subset = subset;
    this.random = random;
    this.segments = new SegmentStore(layout, new AtomicFiles(NioFs.INSTANCE), keys);
  }

  public VerifyReport run() throws IOException {
    Map<String, Path> found = new TreeMap<>();
    for (Path dir : Recovery.subdirs(layout.data())) {
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
        for (Path p : ds) {
          String id = p.getFileName().toString();
          if (ContainerFormat.isValidId(id)) {
            found.put(id, p);
          }
        }
      }
    }
    Set<String> readData = DataSelection.select(subset, List.copyOf(found.keySet()), random);
    found.forEach((id, p) -> checkContainer(p, readData.contains(id)));
    for (Path p : IndexLoader.indexFiles(layout.index())) {
      checkIndex(p);
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(layout.snapshots(), "*.snap")) {
      for (Path p : ds) {
        checkSnapshot(p);
      }
    }
    return new VerifyReport(containers, chunks, snapshots, containersRead, subset, log.damages());
  }

  private void checkContainer(Path p, boolean readData) {
    String id = p.getFileName().toString();
    String name = layout.containerName(id);
    containers++;
    // Not followed and not opened unless regular: a planted FIFO would block the open forever.
    if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
      log.add("container " + id, name + " is not a regular file");
      return;
    }
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      ContainerHeader h = ContainerReader.readHeader(ch, name, keys);
      if (!h.containerId().equals(id)) {
        throw new IOException("header names container " + h.containerId());
      }
      chunks += h.entries().size();
      if (readData) {
        containersRead++;
        checkData(ch, h, name);
      }
      goodContainers.put(id, h.byHash());
    } catch (IOException e) {
      log.add("container " + id, e.getMessage());
    }
  }

  /** The trailer CRC over the stored bytes, then each chunk's SHA-256 over its plain bytes. */
  private void checkData(FileChannel ch, ContainerHeader h, String name) throws IOException {
    int[] bad = {0};
    boolean crcOk;
    try (ChunkDecoder decoder = new ChunkDecoder(keys)) {
      crcOk =
          ContainerReader.scan(
              ch,
              h,
              name,
              (entry, stored) -> {
                if (!plainHashMatches(decoder, h, name, entry, stored)) {
                  bad[0]++;
                }
              });
    }
    if (!crcOk && bad[0] == 0) {
      // Every chunk is intact, so only the trailer itself is damaged: no file is affected.
      log.add(
          "container " + h.containerId(), name + ": trailer CRC32C mismatch, all chunks intact");
    }
  }

  /** Decodes and hashes one chunk; logs and remembers it as bad if either fails. */
  private boolean plainHashMatches(
      ChunkDecoder decoder, ContainerHeader h, String name, ContainerEntry entry, byte[] stored) {
    String what = "chunk " + entry.hash();
    byte[] plain;
    try {
      plain = decoder.decode(h.containerId(), entry, stored, name);
    } catch (CorruptDataException e) {
      log.add(what, e.getMessage() + " (first stored for " + h.pathOf(entry) + ")");
      badChunks.put(new Copy(h.containerId(), entry.hash()), what);
      return false;
    }
    ChunkHash actual = ChunkHash.of(plain, 0, plain.length);
    if (!actual.equals(entry.hash())) {
      log.add(
          what,
          "in "
              + name
              + " at data offset "
              + entry.offset()
              + ": bytes hash to "
              + actual
              + " (first stored for "
              + h.pathOf(entry)
              + ")");
      badChunks.put(new Copy(h.containerId(), entry.hash()), what);
      return false;
    }
    return true;
  }

  private void checkIndex(Path p) {
    String name = layout.relative(p);
    IndexFile file;
    try {
      file = IndexLoader.read(p, keys);
    } catch (IOException e) {
      log.add("index " + name, e.getMessage());
      return;
    }
    file.entries().forEach((hash, loc) -> checkIndexEntry(name, hash, loc));
  }

  private void checkIndexEntry(String indexName, ChunkHash hash, ChunkLocation loc) {
    index.putIfAbsent(hash, loc);
    String container = "container " + loc.containerId();
    Map<ChunkHash, ContainerEntry> table = goodContainers.get(loc.containerId());
    if (table == null) {
      if (!log.has(container)) {
        log.add(
            container,
            layout.containerName(loc.containerId()) + " is missing (named by " + indexName + ")");
      }
      badChunks.putIfAbsent(new Copy(loc.containerId(), hash), container);
      return;
    }
    ContainerEntry e = table.get(hash);
    if (e == null || e.offset() != loc.offset() || e.storedLength() != loc.length()) {
      String what = "chunk " + hash;
      log.add(
          what, indexName + " places it in " + loc.containerId() + " where its header does not");
      badChunks.putIfAbsent(new Copy(loc.containerId(), hash), what);
    }
  }

  private void checkSnapshot(Path p) {
    String name = layout.relative(p);
    OptionalLong id = TargetLayout.snapshotId(p.getFileName().toString());
    if (id.isEmpty()) {
      return;
    }
    snapshots++;
    SnapshotRoot root;
    try {
      root = SnapshotCodec.decodeRoot(SealedRoots.read(p, name, keys), name);
      if (root.info().id() != id.getAsLong()) {
        throw new IOException(name + " holds snapshot " + root.info().id());
      }
    } catch (IOException e) {
      String what = "snapshot " + id.getAsLong();
      log.add(what, e.getMessage());
      log.affect(what, AffectedEntry.wholeSnapshot(id.getAsLong()));
      return;
    }
    if (!root.isSegmented()) {
      affect(root.info().id(), hits(root.inline()));
      return;
    }
    List<SegmentRef> table = root.segments();
    for (int i = 0; i < table.size(); i++) {
      SegmentRef ref = table.get(i);
      Optional<String> next =
          i + 1 < table.size() ? Optional.of(table.get(i + 1).firstPath()) : Optional.empty();
      SegmentResult r = segmentResults.computeIfAbsent(ref, k -> checkSegment(k, next));
      if (r.damage().isPresent()) {
        log.affect(r.damage().get(), AffectedEntry.wholeSnapshot(root.info().id()));
      } else if (next.isPresent() && PathOrder.compare(r.lastPath(), next.get()) >= 0) {
        String what = "snapshot " + root.info().id();
        log.add(what, name + ": segment " + ref.hash() + " runs past the next one's first path");
        log.affect(what, AffectedEntry.wholeSnapshot(root.info().id()));
      } else {
        affect(root.info().id(), r.hits());
      }
    }
  }

  /**
   * What one segment holds for the check: a damage that makes it unreadable, or its last path and
   * the entries of it that reference damaged chunks. Kept per segment, so a segment many snapshots
   * share is read once.
   */
  private record SegmentResult(Optional<String> damage, String lastPath, List<Hit> hits) {}

  /** An entry and the damage key of one chunk of it. */
  private record Hit(String path, String damage) {}

  private final Map<SegmentRef, SegmentResult> segmentResults = new HashMap<>();

  private SegmentResult checkSegment(SegmentRef ref, Optional<String> next) {
    try {
      List<FileEntry> entries = segments.read(ref);
      return new SegmentResult(
          Optional.empty(), entries.get(entries.size() - 1).path(), hits(entries));
    } catch (IOException e) {
      String what = "segment " + ref.hash();
      log.add(what, e.getMessage());
      return new SegmentResult(Optional.of(what), "", List.of());
    }
  }

  private void affect(long snapshotId, List<Hit> hits) {
    for (Hit h : hits) {
      log.affect(h.damage(), new AffectedEntry(snapshotId, h.path()));
    }
  }

  private List<Hit> hits(List<FileEntry> entries) {
    List<Hit> hits = new ArrayList<>();
    for (FileEntry e : entries) {
      for (ChunkRef ref : e.chunks()) {
        Optional<String> d = damageOf(ref.hash());
        if (d.isEmpty()) {
          d = lengthMismatch(e, ref);
        }
        d.ifPresent(what -> hits.add(new Hit(e.path(), what)));
      }
    }
    return hits;
  }

  /**
   * A damage key if {@code e} lists the chunk with a length its container's header does not give
   * it: restore would fail on the file's size, so the entry is reached by it.
   */
  private Optional<String> lengthMismatch(FileEntry e, ChunkRef ref) {
    ChunkLocation loc = index.get(ref.hash());
    Map<ChunkHash, ContainerEntry> table = goodContainers.get(loc.containerId());
    ContainerEntry stored = table == null ? null : table.get(ref.hash());
    if (stored == null || stored.plainLength() == ref.length()) {
      return Optional.empty();
    }
    String what = "chunk " + ref.hash() + " listed with length " + ref.length();
    log.add(
        what,
        e.path()
            + " lists it with length "
            + ref.length()
            + "; container "
            + loc.containerId()
            + " holds it with length "
            + stored.plainLength());
    return Optional.of(what);
  }

  /** The damage key a reference to {@code hash} is hit by, if any. */
  private Optional<String> damageOf(ChunkHash hash) {
    ChunkLocation loc = index.get(hash);
    if (loc == null) {
      String what = "chunk " + hash;
      log.add(what, "not in any index");
      return Optional.of(what);
    }
    String bad = badChunks.get(new Copy(loc.containerId(), hash));
    if (bad != null) {
      return Optional.of(bad);
    }
    if (log.has("container " + loc.containerId())
        && !goodContainers.containsKey(loc.containerId())) {
      return Optional.of("container " + loc.containerId());
    }
    return Optional.empty();
  }
}
