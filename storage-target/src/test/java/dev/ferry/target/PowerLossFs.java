package dev.ferry.target;

import dev.ferry.target.disk.NioFs;
import dev.ferry.target.disk.TargetFs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * A {@link TargetFs} over real files that also keeps what a power cut would leave, and cuts the
 * power at a chosen operation. The live files are real (so readers see what a process would see),
 * and {@link #crashImage} writes the surviving state into a fresh folder.
 *
 * <p>Fault model, strict POSIX, nothing a particular file system adds:
 *
 * <ul>
 *   <li>Files are inodes; a name points at one. A file's durable bytes are its bytes at its last
 *       {@link #fsync} (none for a file never fsynced). Every write not followed by an fsync of its
 *       file is dropped, except the last such write before the cut, which is <b>torn</b>: the image
 *       holds a random-length prefix of what it wrote, possibly followed by zeros (blocks allocated
 *       but never written), never the whole of it.
 *   <li>A directory's durable entries are its entries at its last {@link #fsyncDir}. Creates,
 *       renames and deletes after that are pending: the {@link DirChanges#NONE} image undoes them
 *       all; the {@link DirChanges#SOME} image keeps, per directory independently, a random prefix
 *       of them in the order they were made (a journalling file system that committed part of its
 *       journal). In both, a kept name whose file was never fsynced holds no bytes, or the torn
 *       ones. ext4's data=ordered habit of flushing data before a rename is not assumed.
 *   <li>A directory not durably named in its parent is gone with everything in it.
 * </ul>
 *
 * <p>Power goes at operation number {@link #cutAt} (counting every call from 1): that call throws
 * {@link PowerCutException} without effect, except a write, which has begun (and so is the torn
 * one). Every call after it throws too: the process can neither finish nor clean up. Renames must
 * stay within one directory (all the target does). Names not created through this layer, such as
 * the lock file, are not in the image. The real {@code fsync} is skipped: only the model matters.
 * Thread-safe (one lock).
 */
final class PowerLossFs implements TargetFs {
  /** The power is off: thrown by the operation at the cut and every one after it. */
  static final class PowerCutException extends IOException {
    private static final long serialVersionUID = 1L;

    PowerCutException(long op) {
      super("power cut at operation " + op);
    }
  }

  /** An I/O error injected at one operation, with the power still on. */
  static final class InjectedFault extends IOException {
    private static final long serialVersionUID = 1L;

    InjectedFault(long op) {
      super("injected I/O error at operation " + op);
    }
  }

  /** Which pending (not yet fsynced) directory changes an image keeps. */
  enum DirChanges {
    /** None: only what a directory fsync made durable. */
    NONE,
    /** A random prefix of each directory's pending changes. */
    SOME
  }

  /** What {@link #crashImage} made, and how it differs from the live files. */
  record Image(Path dir, int differingPaths, boolean tornFileVisible) {}

  private abstract static class Node {}

  private static final class FileNode extends Node {
    byte[] durable = new byte[0];
  }

  private static final class DirNode extends Node {
    TreeMap<String, Node> durable = new TreeMap<>();
    final TreeMap<String, Node> live = new TreeMap<>();
    final List<DirOp> pending = new ArrayList<>();

    void change(DirOp op) {
      op.apply(live);
      pending.add(op);
    }
  }

  /** A change to one directory's entries: a create (node set), a delete (node null), a rename. */
  private record DirOp(String name, Node node, String renamedTo) {
    void apply(Map<String, Node> entries) {
      if (renamedTo != null) {
        entries.put(renamedTo, entries.remove(name));
      } else if (node != null) {
        entries.put(name, node);
      } else {
        entries.remove(name);
      }
    }
  }

  private record Write(FileNode node, byte[] bytes) {}

  private final Path base;
  private final DirNode root = new DirNode();
  private long ops;
  private long cutAt = Long.MAX_VALUE;
  private long failAt = Long.MAX_VALUE;
  private boolean off;
  private boolean faultPending;
  private Write lastUnsynced;

  private PowerLossFs(Path base) {
    this.base = base;
  }

  /** A layer over {@code base}, taking everything already in it as durable. */
  static PowerLossFs over(Path base) throws IOException {
    PowerLossFs fs = new PowerLossFs(base.toAbsolutePath().normalize());
    Files.createDirectories(fs.base);
    scan(fs.base, fs.root);
    return fs;
  }

  private static void scan(Path dir, DirNode node) throws IOException {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          DirNode d = new DirNode();
          scan(p, d);
          node.live.put(name, d);
        } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          FileNode f = new FileNode();
          f.durable = Files.readAllBytes(p);
          node.live.put(name, f);
        }
      }
    }
    node.durable = new TreeMap<>(node.live);
  }

  /** Cuts the power at operation {@code op} (1 = the next call). */
  synchronized void cutAt(long op) {
    cutAt = ops + op;
  }

  /**
   * Makes operation {@code op} (1 = the next call) fail with {@link InjectedFault} and no effect,
   * the power staying on: an fsync that fails makes nothing durable, so a rename before it may or
   * may not survive. The caller goes on, as a process does after an I/O error.
   */
  synchronized void failAt(long op) {
    failAt = ops + op;
  }

  /** True once after the injected fault fired: lets the caller tell it from a real error. */
  synchronized boolean takeFault() {
    boolean was = faultPending;
    faultPending = false;
    return was;
  }

  /** Operations so far, counting the one that met the cut. */
  synchronized long operations() {
    return ops;
  }

  synchronized boolean isOff() {
    return off;
  }

  /** Counts a call; true if it is the one at the cut. Throws if the power is already off. */
  private boolean count() throws IOException {
    if (off) {
      throw new PowerCutException(ops);
    }
    ops++;
    if (ops == failAt) {
      faultPending = true;
      throw new InjectedFault(ops);
    }
    if (ops == cutAt) {
      off = true;
      return true;
    }
    return false;
  }

  @Override
  public synchronized long write(Path file, List<ByteBuffer> parts) throws IOException {
    boolean cut = count();
    DirNode parent = dir(file.getParent());
    long size = NioFs.INSTANCE.write(file, parts);
    String name = file.getFileName().toString();
    Node existing = parent.live.get(name);
    FileNode node;
    if (existing instanceof FileNode f) {
      node = f; // truncated and rewritten in place: the same inode
    } else {
      node = new FileNode();
      parent.change(new DirOp(name, node, null));
    }
    lastUnsynced = new Write(node, Files.readAllBytes(file));
    if (cut) {
      throw new PowerCutException(ops);
    }
    return size;
  }

  @Override
  public synchronized void fsync(Path file) throws IOException {
    if (count()) {
      throw new PowerCutException(ops);
    }
    if (!(node(file) instanceof FileNode f)) {
      throw new IOException(file + ": not a file");
    }
    f.durable = Files.readAllBytes(file);
    if (lastUnsynced != null && lastUnsynced.node() == f) {
      lastUnsynced = null;
    }
  }

  @Override
  public synchronized void rename(Path from, Path to) throws IOException {
    if (count()) {
      throw new PowerCutException(ops);
    }
    if (!from.getParent().equals(to.getParent())) {
      throw new IllegalArgumentException("rename across directories: " + from + " -> " + to);
    }
    DirNode parent = dir(from.getParent());
    node(from);
    NioFs.INSTANCE.rename(from, to);
    parent.change(new DirOp(from.getFileName().toString(), null, to.getFileName().toString()));
  }

  @Override
  public synchronized void fsyncDir(Path dir) throws IOException {
    if (count()) {
      throw new PowerCutException(ops);
    }
    DirNode d = dir(dir);
    d.durable = new TreeMap<>(d.live);
    d.pending.clear();
  }

  @Override
  public synchronized void createDir(Path dir) throws IOException {
    if (count()) {
      throw new PowerCutException(ops);
    }
    DirNode parent = dir(dir.getParent());
    NioFs.INSTANCE.createDir(dir);
    parent.change(new DirOp(dir.getFileName().toString(), new DirNode(), null));
  }

  @Override
  public synchronized boolean deleteIfExists(Path p) throws IOException {
    if (count()) {
      throw new PowerCutException(ops);
    }
    DirNode parent = dir(p.getParent());
    boolean was = NioFs.INSTANCE.deleteIfExists(p);
    String name = p.getFileName().toString();
    if (was && parent.live.containsKey(name)) {
      parent.change(new DirOp(name, null, null));
    }
    return was;
  }

  private DirNode dir(Path p) throws IOException {
    if (node(p) instanceof DirNode d) {
      return d;
    }
    throw new IOException(p + ": not a directory");
  }

  /** The live node at {@code p}, which must lie at or below the base. */
  private Node node(Path p) throws IOException {
    Path rel = base.relativize(p.toAbsolutePath().normalize());
    if (rel.startsWith("..")) {
      throw new IllegalArgumentException(p + " is outside " + base);
    }
    Node n = root;
    for (Path part : rel) {
      if (part.toString().isEmpty()) {
        continue;
      }
      if (!(n instanceof DirNode d) || (n = d.live.get(part.toString())) == null) {
        throw new NoSuchFileException(p.toString());
      }
    }
    return n;
  }

  /**
   * Writes what would be on the disk after the cut (or after a cut now, if there was none) into
   * {@code to}, which must not exist; random choices (tear length, kept changes) come from {@code
   * rnd}, so a seed reproduces an image.
   */
  synchronized Image crashImage(Path to, Random rnd, DirChanges kept) throws IOException {
    Map<DirNode, Map<String, Node>> surviving = new IdentityHashMap<>();
    Map<String, byte[]> image = new TreeMap<>();
    boolean[] torn = {false};
    byte[] tornBytes = lastUnsynced == null ? null : tear(lastUnsynced.bytes(), rnd);
    Files.createDirectories(to.getParent());
    Files.createDirectory(to);
    materialise(root, to, "", rnd, kept, surviving, image, tornBytes, torn);
    Map<String, byte[]> live = new TreeMap<>();
    liveFiles(root, base, "", live);
    return new Image(to, differences(live, image), torn[0]);
  }

  private void materialise(
      DirNode d,
      Path at,
      String rel,
      Random rnd,
      DirChanges kept,
      Map<DirNode, Map<String, Node>> surviving,
      Map<String, byte[]> image,
      byte[] tornBytes,
      boolean[] torn)
      throws IOException {
    Map<String, Node> entries = surviving.computeIfAbsent(d, x -> surviving(x, rnd, kept));
    image.put(rel + "/", new byte[0]);
    for (Map.Entry<String, Node> e : entries.entrySet()) {
      Path p = at.resolve(e.getKey());
      String r = rel + "/" + e.getKey();
      if (e.getValue() instanceof DirNode sub) {
        Files.createDirectory(p);
        materialise(sub, p, r, rnd, kept, surviving, image, tornBytes, torn);
      } else {
        FileNode f = (FileNode) e.getValue();
        byte[] content = f.durable;
        if (tornBytes != null && lastUnsynced.node() == f) {
          content = tornBytes;
          torn[0] = true;
        }
        Files.write(p, content);
        image.put(r, content);
      }
    }
  }

  private static Map<String, Node> surviving(DirNode d, Random rnd, DirChanges kept) {
    Map<String, Node> m = new TreeMap<>(d.durable);
    int n = kept == DirChanges.SOME ? rnd.nextInt(d.pending.size() + 1) : 0;
    for (DirOp op : d.pending.subList(0, n)) {
      op.apply(m);
    }
    return m;
  }

  /** A strict prefix of {@code b}, then perhaps zeros, never longer than {@code b}. */
  private static byte[] tear(byte[] b, Random rnd) {
    if (b.length == 0) {
      return b;
    }
    int prefix = rnd.nextInt(b.length);
    int len = prefix + rnd.nextInt(b.length - prefix + 1);
    byte[] out = new byte[len];
    System.arraycopy(b, 0, out, 0, prefix);
    return out;
  }

  private static void liveFiles(DirNode d, Path at, String rel, Map<String, byte[]> out)
      throws IOException {
    out.put(rel + "/", new byte[0]);
    for (Map.Entry<String, Node> e : d.live.entrySet()) {
      String r = rel + "/" + e.getKey();
      if (e.getValue() instanceof DirNode sub) {
        liveFiles(sub, at.resolve(e.getKey()), r, out);
      } else {
        out.put(r, Files.readAllBytes(at.resolve(e.getKey())));
      }
    }
  }

  private static int differences(Map<String, byte[]> a, Map<String, byte[]> b) {
    Map<String, byte[]> all = new HashMap<>(a);
    all.putAll(b);
    int n = 0;
    for (String k : all.keySet()) {
      byte[] x = a.get(k);
      byte[] y = b.get(k);
      if (x == null || y == null || !Arrays.equals(x, y)) {
        n++;
      }
    }
    return n;
  }
}
