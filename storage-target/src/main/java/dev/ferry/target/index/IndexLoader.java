package dev.ferry.target.index;

import dev.ferry.target.CorruptIndexException;
import dev.ferry.target.container.FieldReader;
import dev.ferry.target.crypto.TargetKeys;
import dev.ferry.target.disk.TargetLayout;
import dev.ferry.target.disk.WholeFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Loads every index file of a target into a fresh {@link ChunkIndex}. In an encrypted target each
 * file is a sealed envelope, opened with the target's keys before it is parsed.
 */
public final class IndexLoader {
  /**
   * The loaded index and the files that failed to load. A failed file is skipped, not fatal: the
   * rest of the target stays readable, and verify reports the damage.
   */
  public record Result(ChunkIndex index, List<String> failures) {
    public Result {
      failures = List.copyOf(failures);
    }
  }

  private IndexLoader() {}

  public static Result load(Path indexDir) throws IOException {
    return load(indexDir, TargetKeys.NONE);
  }

  /** As {@link #load(Path)} in a target with {@code keys}. */
  public static Result load(Path indexDir, TargetKeys keys) throws IOException {
    ChunkIndex index = new ChunkIndex();
    List<String> failures = new ArrayList<>();
    for (Path p : indexFiles(indexDir)) {
      try {
        byte[] bytes = readWhole(p, keys);
        index.addAllOrNone(visitor -> scan(bytes, p, visitor)); // a damaged file adds nothing
      } catch (IOException e) {
        failures.add(e.getMessage());
      }
    }
    index.trim();
    return new Result(index, failures);
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
