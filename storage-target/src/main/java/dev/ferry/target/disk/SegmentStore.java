package dev.ferry.target.disk;

import dev.ferry.target.ChunkHash;
import dev.ferry.target.CorruptDataException;
import dev.ferry.target.CorruptSnapshotException;
import dev.ferry.target.FileEntry;
import dev.ferry.target.PathOrder;
import dev.ferry.target.container.FieldReader;
import dev.ferry.target.crypto.TargetKeys;
import dev.ferry.target.snapshot.SegmentCodec;
import dev.ferry.target.snapshot.SegmentRef;
import dev.ferry.target.snapshot.SnapshotRoot;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The segment files under {@code segments/}: content-addressed runs of entries that version 3 roots
 * point to. Writing is idempotent (a segment that exists already is the same bytes, by its name); a
 * root's segments are durable before the root that names them is written. Reading checks every byte
 * against the name. Stateless beyond its layout and file layer; thread-safe.
 */
public final class SegmentStore {
  private final TargetLayout layout;
  private final AtomicFiles files;
  private final TargetKeys keys;

  /** {@code keys}: {@link TargetKeys#NONE}, or an encrypted target's, which seal every segment. */
  public SegmentStore(TargetLayout layout, AtomicFiles files, TargetKeys keys) {
    this.layout = layout;
    this.files = files;
    this.keys = keys;
  }

  /**
   * Writes each run of entries as a segment unless it exists already, then makes them durable
   * together: every new file is fsynced, renamed into place, and the folder fsynced once.
   *
   * @return a reference per run, in order
   */
  public List<SegmentRef> writeAll(List<List<FileEntry>> runs) throws IOException {
    List<SegmentRef> refs = new ArrayList<>(runs.size());
    List<Path> temps = new ArrayList<>();
    List<Path> dests = new ArrayList<>();
    try {
      for (List<FileEntry> run : runs) {
        byte[] b = SegmentCodec.encode(run);
        ChunkHash h = ChunkHash.of(b, 0, b.length);
        refs.add(new SegmentRef(h, run.get(0).path(), run.size(), totalBytes(run)));
        Path dest = layout.segmentFile(h);
        if (!dests.contains(dest) && !holds(dest, b)) {
          if (temps.isEmpty()) {
            files.createDir(layout.segments());
          }
          byte[] sealed = keys.sealFile(layout.relative(dest), b);
          temps.add(files.writeTemp(dest, List.of(ByteBuffer.wrap(sealed))));
          dests.add(dest);
        }
      }
      for (int i = 0; i < temps.size(); i++) {
        files.fs().rename(temps.get(i), dests.get(i));
      }
      if (!runs.isEmpty()) {
        // Also when every segment was there already: one may be the rename of an earlier,
        // aborted commit whose directory fsync failed, not yet durable.
        files.fs().fsyncDir(layout.segments());
      }
    } catch (IOException | RuntimeException e) {
      for (Path t : temps) {
        files.deleteQuietly(t, e);
      }
      throw e;
    }
    return refs;
  }

  /**
   * True if {@code dest} is a regular file holding exactly {@code b} (once opened, in an encrypted
   * target): then it is reused. A damaged file under the name is replaced rather than trusted.
   */
  private boolean holds(Path dest, byte[] b) throws IOException {
    if (!Files.isRegularFile(dest, LinkOption.NOFOLLOW_LINKS)
        || Files.size(dest) != b.length + keys.fileOverhead()) {
      return false;
    }
    try {
      return Arrays.equals(open(dest), b);
    } catch (CorruptDataException e) {
      return false;
    }
  }

  private static long totalBytes(List<FileEntry> run) {
    long total = 0;
    for (FileEntry e : run) {
      total += e.size();
    }
    return total;
  }

  /**
   * The entries of one segment, checked against {@code ref}.
   *
   * @throws CorruptSnapshotException naming the segment file if it is missing, not a regular file,
   *     over {@link SegmentCodec#MAX_BYTES} or fails any check
   */
  public List<FileEntry> read(SegmentRef ref) throws IOException {
    Path p = layout.segmentFile(ref.hash());
    String name = layout.relative(p);
    byte[] b;
    try {
      b = open(p);
    } catch (NoSuchFileException e) {
      throw new CorruptSnapshotException(name, "is missing");
    }
    return SegmentCodec.decode(b, ref, name);
  }

  /** A segment file's plain bytes: read under the cap (plus sealing), opened if encrypted. */
  private byte[] open(Path p) throws IOException {
    String name = layout.relative(p);
    FieldReader.Failure failure = d -> new CorruptSnapshotException(name, d);
    byte[] stored = WholeFiles.read(p, SegmentCodec.MAX_BYTES + keys.fileOverhead(), failure);
    return keys.openFile(name, stored, failure);
  }

  /** True if the segment's file is there (not checked: that is {@link #read}'s and verify's). */
  public boolean exists(SegmentRef ref) {
    return Files.isRegularFile(layout.segmentFile(ref.hash()), LinkOption.NOFOLLOW_LINKS);
  }

  /**
   * Every entry of {@code root} in path order: inline ones, or those of its segments, checked to
   * lie each before the next segment's first path.
   *
   * @param name the root's name in messages
   */
  public List<FileEntry> entries(SnapshotRoot root, String name) throws IOException {
    if (!root.isSegmented()) {
      return root.inline();
    }
    List<FileEntry> all = new ArrayList<>(root.info().fileCount());
    List<SegmentRef> table = root.segments();
    for (int i = 0; i < table.size(); i++) {
      List<FileEntry> run = read(table.get(i));
      if (i + 1 < table.size()) {
        String next = table.get(i + 1).firstPath();
        String last = run.get(run.size() - 1).path();
        if (PathOrder.compare(last, next) >= 0) {
          throw new CorruptSnapshotException(
              name, "segment " + table.get(i).hash() + " runs past the next one's first path");
        }
      }
      all.addAll(run);
    }
    return all;
  }
}
