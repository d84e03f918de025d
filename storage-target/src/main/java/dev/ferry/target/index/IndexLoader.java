package dev.ferry.target.index;

import dev.ferry.target.CorruptIndexException;
import dev.ferry.target.container.FieldReader;
import dev.ferry.target.crypto.TargetKeys;
import dev.ferry.target.disk.TargetLayout;
import dev.ferry.target.disk.WholeFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Loads every index file of a target into a fresh {@link ChunkIndex}. In an encrypted target each
 * file is a sealed envelope, opened with the target's keys before it is parsed.
 */
public final class IndexLoader {
  /**
   * The loaded index and the files that failed to load. A failed file is skipped, not fatal: the
   * rest of the target stays readable, and verify reports the damage. {@code seen} identifies each
   * file as it was when loaded (failed ones too), so {@link #refresh} can tell what changed.
   */
  public record Result(ChunkIndex index, List<String> failures, Map<String, FileStamp> seen) {
    public Result {
      failures = List.copyOf(failures);
      seen = Map.copyOf(seen);
    }
  }

  /**
   * {@code r} plus {@code file} as it is now, for a writer that has just written it and added its
   * entries to {@code r}'s index itself: the next {@link #refresh} need not parse it.
   */
  public static Result seeing(Result r, Path file) throws IOException {
    Map<String, FileStamp> seen = new HashMap<>(r.seen());
    seen.put(
        file.getFileName().toString(),
        FileStamp.of(
            Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)));
    return new Result(r.index(), r.failures(), seen);
  }

  /**
   * What tells one version of an index file from another: index files come into being by rename (a
   * new inode) and are never written in place, so an unchanged stamp is an unchanged file.
   */
  public record FileStamp(Object fileKey, long size, FileTime modified) {
    static FileStamp of(BasicFileAttributes a) {
      return new FileStamp(a.fileKey(), a.size(), a.lastModifiedTime());
    }
  }

  private IndexLoader() {}

  public static Result load(Path indexDir) throws IOException {
    return load(indexDir, TargetKeys.NONE);
  }

  /** As {@link #load(Path)} in a target with {@code keys}. */
  public static Result load(Path indexDir, TargetKeys keys) throws IOException {
    Result r =
        loadInto(
            indexDir, keys, new ChunkIndex(), new ArrayList<>(), new HashMap<>(), stamps(indexDir));
    // Only after a full load: trimming after a refresh would shrink arrays the next commit grows.
    r.index().trim();
    return r;
  }

  /**
   * The index as it is on disk now, parsing only what changed since {@code previous}: when every
   * file {@code previous} saw is still there unchanged, the files added since are parsed into
   * {@code previous}'s index (a commit adds one); anything else (a file replaced or deleted, as a
   * retried commit or a prune does) loads everything again. This is what keeps the start of a
   * snapshot from costing a parse of every index entry.
   *
   * <p>Which copy of a hash indexed twice wins may then differ from a fresh load's choice; any
   * indexed copy is a valid one (every read is checked against its container).
   */
  public static Result refresh(Path indexDir, Result previous, TargetKeys keys) throws IOException {
    Map<String, FileStamp> now = stamps(indexDir);
    for (Map.Entry<String, FileStamp> e : previous.seen().entrySet()) {
      if (!e.getValue().equals(now.get(e.getKey()))) {
        return load(indexDir, keys);
      }
    }
    Map<String, FileStamp> added = new TreeMap<>(now);
    added.keySet().removeAll(previous.seen().keySet());
    if (added.isEmpty()) {
      return previous;
    }
    return loadInto(
        indexDir,
        keys,
        previous.index(),
        new ArrayList<>(previous.failures()),
        new HashMap<>(previous.seen()),
        added);
  }

  private static Result loadInto(
      Path indexDir,
      TargetKeys keys,
      ChunkIndex index,
      List<String> failures,
      Map<String, FileStamp> seen,
      Map<String, FileStamp> files)
      throws IOException {
    for (Map.Entry<String, FileStamp> f : files.entrySet()) {
      Path p = indexDir.resolve(f.getKey());
      try {
        byte[] bytes = readWhole(p, keys);
        index.addAllOrNone(visitor -> scan(bytes, p, visitor)); // a damaged file adds nothing
      } catch (IOException e) {
        failures.add(e.getMessage());
      }
      seen.put(f.getKey(), f.getValue());
    }
    return new Result(index, failures, seen);
  }

  /**
   * Reads and checks one index file, including that it holds the id its name says. A link, a
   * non-regular file or one over {@link IndexFile#MAX_BYTES} is corrupt, refused before reading.
   */
  public static IndexFile read(Path p) throws IOException {
    return read(p, TargetKeys.NONE);
  }

  /** As {@link #read(Path)} in a target with {@code keys}. */
  public static IndexFile read(Path p, TargetKeys keys) throws IOException {
    String fileName = p.getFileName().toString();
    String name = "index/" + fileName;
    IndexFile file = IndexFile.decode(readWhole(p, keys), name);
    OptionalLong id = TargetLayout.indexId(fileName);
    if (id.isEmpty() || id.getAsLong() != file.snapshotId()) {
      throw new CorruptIndexException(name, "holds the index of snapshot " + file.snapshotId());
    }
    return file;
  }

  /** Same checks as {@link #read}, entries streamed to {@code visitor} rather than kept. */
  public static void scan(Path p, TargetKeys keys, IndexFile.EntryVisitor visitor)
      throws IOException {
    scan(readWhole(p, keys), p, visitor);
  }

  /**
   * The file's plain bytes, refused unread if it is a link, not a regular file or over the cap (the
   * plain cap plus what sealing adds).
   */
  private static byte[] readWhole(Path p, TargetKeys keys) throws IOException {
    String name = "index/" + p.getFileName();
    FieldReader.Failure failure = detail -> new CorruptIndexException(name, detail);
    byte[] stored = WholeFiles.read(p, IndexFile.MAX_BYTES + keys.fileOverhead(), failure);
    return keys.openFile(name, stored, failure);
  }

  private static void scan(byte[] bytes, Path p, IndexFile.EntryVisitor visitor)
      throws IOException {
    String fileName = p.getFileName().toString();
    String name = "index/" + fileName;
    long id = IndexFile.scan(bytes, name, visitor);
    OptionalLong fromName = TargetLayout.indexId(fileName);
    if (fromName.isEmpty() || fromName.getAsLong() != id) {
      throw new CorruptIndexException(name, "holds the index of snapshot " + id);
    }
  }

  /**
   * Each index file's stamp, by name, in name order. Taken before the file is read: a file replaced
   * in between has a new stamp by the next refresh, which then loads everything again.
   */
  private static Map<String, FileStamp> stamps(Path indexDir) throws IOException {
    Map<String, FileStamp> stamps = new TreeMap<>();
    for (Path p : indexFiles(indexDir)) {
      try {
        stamps.put(
            p.getFileName().toString(),
            FileStamp.of(
                Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)));
      } catch (NoSuchFileException e) {
        // Deleted since the listing (a prune): not there.
      }
    }
    return stamps;
  }

  /** Index files by name, sorted so loading order (and so which duplicate wins) is stable. */
  public static List<Path> indexFiles(Path indexDir) throws IOException {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(indexDir, "*.idx")) {
      ds.forEach(files::add);
    }
    files.sort(null);
    return files;
  }
}
