package dev.ferry.monitor.state;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The generations of file-state checkpoints in the agent's state folder
 * (src-docs/file-state-index.md): {@link #load} the newest valid one, {@link #save} a new one and
 * drop all but the newest two, {@link #retainFrom} the journal index a fallback would replay from.
 *
 * <p>Thread-safety: one thread at a time (the agent's checkpoint writer); {@link #retainFrom} from
 * any thread.
 */
public final class StateIndex {
  private static final Logger LOG = Logger.getLogger(StateIndex.class);
  private static final Pattern NAME = Pattern.compile("file-state-([0-9a-f]{16})\\.fsi");
  private static final int KEEP = 2;

  private final Path dir;
  private long nextGeneration = 1;

  /** Covered index of the older kept generation; -1 until two exist (then nothing may go). */
  private volatile long retainFrom = -1;

  /** Covered index of the newest valid generation; -1 if none. */
  private long lastCovered = -1;

  private StateIndex(Path dir) {
    this.dir = dir;
  }

  /** Opens the index in {@code dir} (created if missing), removing unfinished temporary files. */
  public static StateIndex open(Path dir) throws IOException {
    Files.createDirectories(dir);
    StateIndex index = new StateIndex(dir);
    List<Long> generations = index.generations();
    if (!generations.isEmpty()) {
      index.nextGeneration = generations.get(generations.size() - 1) + 1;
    }
    try (DirectoryStream<Path> tmp = Files.newDirectoryStream(dir, "file-state-*.fsi.tmp")) {
      for (Path p : tmp) {
        Files.deleteIfExists(p);
      }
    }
    return index;
  }

  /**
   * The newest checkpoint that reads back valid; a damaged or unreadable newer one is logged and
   * passed over. Empty if there is none. Also sets {@link #retainFrom}.
   */
  public Optional<StateCheckpoint> load() throws IOException {
    List<Long> generations = generations();
    List<StateCheckpoint> valid = new ArrayList<>();
    for (int i = generations.size() - 1; i >= 0 && valid.size() < KEEP; i--) {
      Path file = file(generations.get(i));
      try {
        valid.add(read(file));
      } catch (CorruptStateException | IOException e) {
        LOG.warnf("ignoring the file-state checkpoint %s: %s", file, e.getMessage());
      }
    }
    retainFrom = valid.size() < KEEP ? -1 : valid.get(valid.size() - 1).coveredIndex();
    lastCovered = valid.isEmpty() ? -1 : valid.get(0).coveredIndex();
    return valid.isEmpty() ? Optional.empty() : Optional.of(valid.get(0));
  }

  /** Reads one checkpoint file. */
  public static StateCheckpoint read(Path file) throws IOException, CorruptStateException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      return StateCheckpointCodec.read(in, Files.size(file));
    }
  }

  /**
   * Writes {@code c} as the next generation (temporary file, fsync, rename, folder fsync), then
   * deletes the generations older than the previous one.
   */
  public void save(StateCheckpoint c) throws IOException {
    long generation = nextGeneration++;
    Path target = file(generation);
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
      StateCheckpointCodec.write(c, out);
      out.flush();
      ch.force(true);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    }
    List<Long> generations = generations();
    for (int i = 0; i < generations.size() - KEEP; i++) {
      Files.deleteIfExists(file(generations.get(i)));
    }
    // The previous generation is the fallback now: its records must stay replayable.
    retainFrom = lastCovered < 0 ? -1 : Math.min(lastCovered, c.coveredIndex());
    lastCovered = c.coveredIndex();
  }

  /**
   * The journal index whose records (and all later ones) the kept checkpoints may still need to
   * replay: the covered index of the older kept generation; -1 when nothing may be trimmed.
   */
  public long retainFrom() {
    return retainFrom;
  }

  /** The folder holding the generations. */
  public Path dir() {
    return dir;
  }

  private Path file(long generation) {
    return dir.resolve(String.format("file-state-%016x.fsi", generation));
  }

  private List<Long> generations() throws IOException {
    List<Long> out = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "file-state-*.fsi")) {
      for (Path p : files) {
        Matcher m = NAME.matcher(p.getFileName().toString());
        if (m.matches() && Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          out.add(Long.parseUnsignedLong(m.group(1), 16));
        }
      }
    }
    out.sort(null);
    return out;
  }
}
