package dev.ferry.manager.drain;

import dev.ferry.manager.Errors;
import dev.ferry.manager.catalog.Catalog.KnownBlock;
import dev.ferry.manager.catalog.CopiedFile;
import dev.ferry.manager.catalog.CopiedFile.CopiedBlock;
import dev.ferry.manager.catalog.StoredChunk;
import dev.ferry.monitor.blockmap.Block;
import dev.ferry.monitor.blockmap.BlockMapper;
import dev.ferry.monitor.journal.ChangeRecord;
import dev.ferry.monitor.journal.FileType;
import dev.ferry.monitor.staging.StagedChunkDamagedException;
import dev.ferry.monitor.staging.StagedVersion;
import dev.ferry.monitor.staging.StagingStore;
import dev.ferry.target.ChunkHash;
import dev.ferry.target.ChunkLocation;
import dev.ferry.target.DiskTarget;
import dev.ferry.target.FileEntry;
import dev.ferry.target.SnapshotWriter;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.openhft.hashing.LongHashFunction;
import org.jboss.logging.Logger;

/**
 * Copies one saved file into a snapshot being written.
 *
 * <p>Which blocks to fetch is decided by the block map in the record against the catalog's block
 * map of the file's current version: a block whose (length, fingerprint) the previous version
 * already had is not read at all. Fetched blocks are checked against the record's fingerprints; if
 * the file no longer matches its record (it changed again since), its current content is mapped and
 * copied instead: the newest saved state wins. Fetched blocks are addressed by SHA-256 and written
 * only if the target does not hold them yet.
 *
 * <p>Not thread-safe: one copier per drain.
 */
final class FileCopier {
  private static final Logger LOG = Logger.getLogger(FileCopier.class);
  private static final LongHashFunction XXH3 = LongHashFunction.xx3();
  private static final int ATTEMPTS = 3;

  private final DiskTarget target;
  private final SnapshotWriter writer;
  private final BlockMapper mapper;
  private final StagingStore staging;
  private final Map<ChunkHash, StoredChunk> hashed = new HashMap<>();
  private int chunksWritten;
  private long bytesWritten;
  private int changedSinceRecord;
  private int versionsLost;
  private long bytesRead;
  private byte[] buf = new byte[256 * 1024];

  /**
   * @param staging where every-save versions were staged; null if none can be (then a staged record
   *     is copied from its file like any other)
   */
  FileCopier(DiskTarget target, SnapshotWriter writer, BlockMapper mapper, StagingStore staging) {
    this.target = target;
    this.writer = writer;
    this.mapper = mapper;
    this.staging = staging;
  }

  /** The outcome for one file: copied, or skipped with a reason a person can act on. */
  sealed interface Result permits Copied, Skipped {}

  record Copied(CopiedFile file) implements Result {}

  record Skipped(String reason) implements Result {}

  /**
   * Copies the file behind the record. Problems of this one file (gone, unreadable, not a regular
   * file, a name the target cannot hold) make it {@link Skipped}; problems writing to the target
   * propagate as {@link TargetWriteException} and fail the drain.
   */
  Result copy(String snapshotPath, ChangeRecord record, List<KnownBlock> previous) {
    try {
      FileEntry.checkPath(snapshotPath);
    } catch (IllegalArgumentException e) {
      return new Skipped("its name cannot be stored: " + e.getMessage());
    }
    Path file = Path.of(record.root()).resolve(record.path());
    Map<BlockKey, byte[]> known = index(previous);
    boolean changed = false;
    try {
      if (record.stageId() != ChangeRecord.NOT_STAGED) {
        Optional<Result> staged = copyStaged(snapshotPath, record, known);
        if (staged.isPresent()) {
          return staged.get();
        }
      }
      for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
        FileState before = FileState.of(file);
        if (before.link()) { // recorded as a link, or became one since: never followed
          return copyLink(file, snapshotPath, record, before);
        }
        if (!before.regular()) {
          return new Skipped("not a regular file or link any more (a folder, device or pipe)");
        }
        List<CopiedBlock> blocks = null;
        if (before.sameContentAs(record.size(), record.mtimeNanos(), record.inode())) {
          blocks = fetchRecordedBlocks(file, snapshotPath, record, known);
        }
        if (blocks == null) {
          changed = true;
          blocks = mapCurrentContent(file, snapshotPath, known);
        }
        FileState after = FileState.of(file);
        if (after.sameContentAs(before)) {
          if (changed) {
            changedSinceRecord++;
          }
          return new Copied(
              new CopiedFile(
                  record.root(),
                  snapshotPath,
                  before.size(),
                  before.mtimeNanos(),
                  before.mode(),
                  before.device(),
                  before.inode(),
                  Instant.ofEpochSecond(0, record.savedAtNanos()),
                  blocks,
                  null));
        }
      }
      return new Skipped("kept changing while being copied (" + ATTEMPTS + " attempts)");
    } catch (NoSuchFileException e) {
      return new Skipped("vanished before it could be copied");
    } catch (AccessDeniedException e) {
      return new Skipped("unreadable: permission denied");
    } catch (IOException e) {
      return new Skipped("unreadable: " + Errors.oneLine(e));
    }
  }

  /**
   * A symbolic link is copied as its target text, as it is now (the newest saved state wins), and
   * never read through.
   */
  private Result copyLink(Path file, String snapshotPath, ChangeRecord record, FileState before)
      throws IOException {
    String target = Files.readSymbolicLink(file).toString();
    try {
      FileEntry.checkLinkTarget(snapshotPath, target);
    } catch (IllegalArgumentException e) {
      return new Skipped("its link target cannot be stored: " + e.getMessage());
    }
    if (!FileState.of(file).sameContentAs(before)) {
      return new Skipped("kept changing while being copied");
    }
    if (record.type() != FileType.SYMLINK || !target.equals(record.linkTarget())) {
      changedSinceRecord++;
    }
    return new Copied(
        new CopiedFile(
            record.root(),
            snapshotPath,
            0,
            before.mtimeNanos(),
            FileEntry.SYMLINK_MODE,
            before.device(),
            before.inode(),
            Instant.ofEpochSecond(0, record.savedAtNanos()),
            List.of(),
            target));
  }

  /**
   * A version staged at save time (every-save): its bytes come from the staging store, since the
   * file may have moved on. Empty if the staged copy is gone (evicted over the quota) or damaged:
   * the caller copies the file as it is now, and this save's own content is lost (counted).
   */
  private Optional<Result> copyStaged(
      String snapshotPath, ChangeRecord record, Map<BlockKey, byte[]> known) throws IOException {
    Optional<StagedVersion> found =
        staging == null ? Optional.empty() : staging.open(record.stageId());
    if (found.isEmpty()) {
      versionsLost++;
      LOG.warnf(
          "drain: the version of %s saved at %s is no longer staged (evicted over the staging"
              + " quota); copying the file as it is now",
          snapshotPath, Instant.ofEpochSecond(0, record.savedAtNanos()));
      return Optional.empty();
    }
    try (StagedVersion v = found.get()) {
      List<Block> blocks = v.blocks().blocks();
      if (!blocks.equals(record.blocks().blocks())) {
        throw new StagedChunkDamagedException(
            record.stageId(), 0, "it holds another block map than its change record");
      }
      List<CopiedBlock> out = new ArrayList<>(blocks.size());
      for (int i = 0; i < blocks.size(); i++) {
        Block b = blocks.get(i);
        byte[] hash = known.get(key(b.length(), b.fingerprint()));
        if (hash == null) {
          byte[] data = v.readChunk(i); // verified against its SHA-256 by the store
          bytesRead += data.length;
          hash = store(data, 0, data.length, snapshotPath);
        }
        out.add(new CopiedBlock(b.offset(), b.length(), b.fingerprint(), hash));
      }
      return Optional.of(
          new Copied(
              new CopiedFile(
                  record.root(),
                  snapshotPath,
                  record.size(),
                  record.mtimeNanos(),
                  record.mode(),
                  record.device(),
                  record.inode(),
                  Instant.ofEpochSecond(0, record.savedAtNanos()),
                  out,
                  null)));
    } catch (StagedChunkDamagedException e) {
      versionsLost++;
      LOG.errorf(
          "drain: staged version of %s is damaged (%s); copying the file as it is now",
          snapshotPath, e.getMessage());
      return Optional.empty();
    }
  }

  /** Reads only the blocks the previous version lacks; null if the file no longer matches. */
  private List<CopiedBlock> fetchRecordedBlocks(
      Path file, String snapshotPath, ChangeRecord record, Map<BlockKey, byte[]> known)
      throws IOException {
    List<CopiedBlock> out = new ArrayList<>(record.blocks().blocks().size());
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      for (Block b : record.blocks().blocks()) {
        byte[] hash = known.get(key(b.length(), b.fingerprint()));
        if (hash == null) {
          readFully(ch, b.offset(), b.length());
          bytesRead += b.length();
          if (XXH3.hashBytes(buf, 0, b.length()) != b.fingerprint()) {
            return null;
          }
          hash = store(buf, 0, b.length(), snapshotPath);
        }
        out.add(new CopiedBlock(b.offset(), b.length(), b.fingerprint(), hash));
      }
    } catch (EOFException e) {
      return null;
    }
    return out;
  }

  private List<CopiedBlock> mapCurrentContent(
      Path file, String snapshotPath, Map<BlockKey, byte[]> known) throws IOException {
    List<CopiedBlock> out = new ArrayList<>();
    mapper.map(
        file,
        (offset, data, off, len, fingerprint) -> {
          bytesRead += len;
          byte[] hash = known.get(key(len, fingerprint));
          if (hash == null) {
            hash = store(data, off, len, snapshotPath);
          }
          out.add(new CopiedBlock(offset, len, fingerprint, hash));
        });
    return out;
  }

  private byte[] store(byte[] data, int off, int len, String path) {
    ChunkHash h = ChunkHash.of(data, off, len);
    if (!hashed.containsKey(h)) {
      Optional<ChunkLocation> there = target.locate(h);
      ChunkLocation where;
      if (there.isPresent()) {
        where = there.get();
      } else {
        where = put(h, data, off, len, path);
        chunksWritten++;
        bytesWritten += len;
      }
      hashed.put(h, new StoredChunk(h.toBytes(), len, where));
    }
    return h.toBytes();
  }

  /**
   * {@code h} was computed by {@link #store} from these very bytes: the target need not redo it.
   */
  private ChunkLocation put(ChunkHash h, byte[] data, int off, int len, String path) {
    try {
      return writer.putHashedChunk(h, data, off, len, path);
    } catch (IOException e) {
      throw new TargetWriteException(e);
    }
  }

  private void readFully(FileChannel ch, long position, int length) throws IOException {
    if (buf.length < length) {
      buf = new byte[length];
    }
    ByteBuffer bb = ByteBuffer.wrap(buf, 0, length);
    while (bb.hasRemaining()) {
      if (ch.read(bb, position + bb.position()) < 0) {
        throw new EOFException();
      }
    }
  }

  private static Map<BlockKey, byte[]> index(List<KnownBlock> previous) {
    Map<BlockKey, byte[]> m = new HashMap<>();
    if (previous != null) {
      for (KnownBlock k : previous) {
        m.put(key(k.length(), k.fingerprint()), k.hash());
      }
    }
    return m;
  }

  private static BlockKey key(int length, long fingerprint) {
    return new BlockKey(length, fingerprint);
  }

  /** A block is reused only if both its length and its fingerprint match. */
  private record BlockKey(int length, long fingerprint) {}

  /** Every chunk hashed by this copier, with where it lives on the target. */
  List<StoredChunk> referencedChunks() {
    return new ArrayList<>(hashed.values());
  }

  int chunksWritten() {
    return chunksWritten;
  }

  long bytesWritten() {
    return bytesWritten;
  }

  long bytesRead() {
    return bytesRead;
  }

  /** Every-save versions whose staged copy was gone or damaged: copied as the file is now. */
  int versionsLost() {
    return versionsLost;
  }

  /** Files whose content no longer matched their record and were copied as they are now. */
  int changedSinceRecord() {
    return changedSinceRecord;
  }
}
