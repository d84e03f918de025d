package dev.ferry.manager.it;

import dev.ferry.monitor.blockmap.BlockMap;
import dev.ferry.monitor.blockmap.BlockMapper;
import dev.ferry.monitor.blockmap.FastCdc;
import dev.ferry.monitor.journal.ChangeRecord;
import dev.ferry.monitor.policy.TemporaryFiles;
import dev.ferry.monitor.state.FileState;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The regular files under a root at one moment (temporary names left out, as the agent leaves them
 * out), compared with what an agent's journal says of them ({@link NewestRecords}).
 */
final class TreeState {
  final Path root;
  final Map<String, FileState> files;

  private TreeState(Path root, Map<String, FileState> files) {
    this.root = root;
    this.files = Map.copyOf(files);
  }

  static TreeState of(Path root) throws IOException {
    Map<String, FileState> files = new HashMap<>();
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
            if (attrs.isRegularFile() && !TemporaryFiles.isTemporary(f.getFileName().toString())) {
              FileState st = FileState.read(f);
              if (st == null) {
                throw new AssertionError(f + " vanished while the tree was still");
              }
              files.put(root.relativize(f).toString(), st);
            }
            return FileVisitResult.CONTINUE;
          }
        });
    return new TreeState(root, files);
  }

  /** This tree with one more file, as it is now. */
  TreeState with(String path) {
    Map<String, FileState> more = new HashMap<>(files);
    more.put(path, FileState.read(root.resolve(path)));
    return new TreeState(root, more);
  }

  /**
   * Where the journal disagrees with the tree, one line each (empty when it agrees): (a) a file
   * whose newest record is missing, DELETED, or gives another size, mtime or inode, or a block map
   * whose length is not the size; (b) a path whose newest record is not DELETED with no file.
   */
  List<String> disagreements(NewestRecords journal) {
    List<String> out = new ArrayList<>();
    for (String path : new TreeSet<>(files.keySet())) {
      ChangeRecord r = journal.live(path);
      FileState st = files.get(path);
      if (r == null) {
        out.add(
            "(a) " + path + " is on disk (" + st + ") but its newest record is missing/deleted");
      } else if (r.size() != st.size()
          || r.mtimeNanos() != st.mtimeNanos()
          || r.inode() != st.inode()
          || r.type() != st.type()
          || r.blocks().size() != st.size()) {
        out.add("(a) " + path + " is " + st + " but its newest record says " + describe(r));
      }
    }
    for (String path : new TreeSet<>(journal.live().keySet())) {
      if (!files.containsKey(path)) {
        out.add(
            "(b) " + path + " is gone but its newest record is " + describe(journal.live(path)));
      }
    }
    return out;
  }

  /** Files whose bytes now map to other chunks than their newest record's block map. */
  List<String> contentDisagreements(NewestRecords journal) throws IOException {
    BlockMapper mapper = new BlockMapper(FastCdc.standard());
    List<String> out = new ArrayList<>();
    for (String path : new TreeSet<>(files.keySet())) {
      ChangeRecord r = journal.live(path);
      BlockMap now = mapper.map(root.resolve(path));
      if (r == null || !now.equals(r.blocks())) {
        out.add(path + ": the newest record's block map is not the file's");
      }
    }
    return out;
  }

  /** Paths whose newest record describes the file exactly: type, identity, size, times, mode. */
  Set<String> describedExactly(NewestRecords journal) {
    Set<String> out = new HashSet<>();
    for (Map.Entry<String, FileState> e : files.entrySet()) {
      ChangeRecord r = journal.live(e.getKey());
      if (r != null && e.getValue().equals(stateOf(r))) {
        out.add(e.getKey());
      }
    }
    return out;
  }

  static FileState stateOf(ChangeRecord r) {
    return new FileState(
        r.type(), r.device(), r.inode(), r.size(), r.mtimeNanos(), r.mode(), r.ctimeNanos());
  }

  static String describe(ChangeRecord r) {
    return r.kind()
        + (r.renamedFrom() == null ? "" : " from " + r.renamedFrom())
        + " "
        + stateOf(r)
        + ", "
        + r.blocks().blocks().size()
        + " blocks of "
        + r.blocks().size()
        + " bytes";
  }
}
