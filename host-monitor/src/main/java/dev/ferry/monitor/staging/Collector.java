package dev.ferry.monitor.staging;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The disk side of retiring versions and removing garbage (src-docs/staging-format.md rules 6 and
 * 7). Called with the store's lock held; keeps the index in step with the files.
 */
final class Collector {
  private static final Logger LOG = Logger.getLogger(Collector.class);

  private final StoreIndex idx;

  Collector(StoreIndex idx) {
    this.idx = idx;
  }

  /** Makes a live version a residue by renaming it, durably: its references stop counting. */
  Pack retire(Pack p) throws IOException {
    Path to = p.file().resolveSibling(PackFile.fileName(p.id(), PackState.RESIDUE));
    Durable.rename(p.file(), to);
    Pack r = p.renamed(to, PackState.RESIDUE);
    idx.put(r);
    return r;
  }

  /** Keeps only the newest base of {@code key} (every path key if null) a base (rule 5). */
  void retireSupersededBases(PathKey key) throws IOException {
    Map<PathKey, Pack> newest = new HashMap<>();
    List<Pack> older = new ArrayList<>();
    for (Pack p : new ArrayList<>(idx.all())) {
      if (p.state() == PackState.BASE && (key == null || key.equals(p.key()))) {
        Pack prev = newest.put(p.key(), p); // all() is in id order
        if (prev != null) {
          older.add(prev);
        }
      }
    }
    for (Pack p : older) {
      retire(p);
    }
  }

  /**
   * Deletes residues no live version references and compacts residues with garbage: all of them
   * when {@code force}, else those at least half garbage. Rows of paths with open writers stay
   * (except the committing writer's, whose exact references {@code refs} count instead).
   */
  void collect(boolean force, PathKey committing, List<PointerRange> refs) throws IOException {
    Refcounts rc = Refcounts.of(idx, Set.of(), refs);
    List<Pack> residues = new ArrayList<>();
    for (Pack p : idx.all()) {
      if (!p.isVersion()) {
        residues.add(p);
      }
    }
    for (Pack p : residues) {
      boolean pinned = idx.pinned(p.key(), p.key().equals(committing) ? 1 : 0);
      boolean[] keep = rc.kept(p, pinned);
      long garbage = Refcounts.garbage(p, keep);
      if (Refcounts.sizeAfter(p, keep) == 0) {
        Durable.delete(p.file());
        idx.remove(p.id());
      } else if (garbage > 0 && (force || 2 * garbage >= p.layout().presentBytes())) {
        compact(p, keep);
      }
    }
  }

  /** Rewrites {@code p} keeping only the rows in {@code keep}, each re-verified first. */
  private void compact(Pack p, boolean[] keep) throws IOException {
    Path tmp = p.file().resolveSibling(p.file().getFileName() + Durable.TEMP_SUFFIX);
    PackLayout l = p.layout();
    List<ChunkRow> rows = new ArrayList<>();
    for (int i = 0; i < keep.length; i++) {
      rows.add(l.rows().get(i).withPresent(keep[i]));
    }
    byte[] pre = PackCodec.preamble(PackLayout.KIND_RESIDUE, p.id());
    byte[] meta = PackCodec.meta(l.key(), l.savedAtNanos(), rows, List.of());
    PackLayout out;
    try (FileChannel src = FileChannel.open(p.file(), StandardOpenOption.READ);
        FileChannel dst =
            FileChannel.open(
                tmp,
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
      Durable.writeFully(dst, ByteBuffer.wrap(pre));
      MessageDigest sha = sha256();
      for (int i = 0; i < keep.length; i++) {
        if (keep[i]) {
          byte[] b = new byte[l.rows().get(i).length()];
          PackFile.readFully(src, b, l.offset(i));
          if (!l.rows().get(i).matches(sha.digest(b))) {
            LOG.warnf(
                "staging: not compacting %s: row %d fails its SHA-256 (left as it was)",
                p.file(), i);
            dst.close();
            Files.deleteIfExists(tmp);
            return;
          }
          Durable.writeFully(dst, ByteBuffer.wrap(b));
        }
      }
      long total = dst.position() + meta.length + PackCodec.TRAILER;
      Durable.writeFully(dst, ByteBuffer.wrap(meta));
      Durable.writeFully(dst, ByteBuffer.wrap(PackCodec.trailer(pre, meta, total)));
      dst.force(true);
      out = PackFile.readLayout(dst, tmp.getFileName().toString(), p.id(), PackState.RESIDUE);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    Durable.rename(tmp, p.file());
    idx.put(new Pack(p.file(), PackState.RESIDUE, out.fileSize(), out));
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
