package dev.ferry.target.snapshot;

import dev.ferry.target.DiffSummary;
import dev.ferry.target.EntryChange;
import dev.ferry.target.FileEntry;
import dev.ferry.target.PathOrder;
import java.util.Iterator;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Compares two snapshots by one merge pass over their entries, which every root holds in strictly
 * increasing {@link PathOrder}: changes come out in that order, each path once, and nothing but the
 * two current entries is held. Stateless.
 */
public final class SnapshotDiff {
  private SnapshotDiff() {}

  /**
   * Hands {@code out} every path that differs from {@code older} to {@code newer}, in path order.
   *
   * @param older entries in strictly increasing path order
   * @param newer entries in strictly increasing path order
   * @throws IllegalArgumentException if either is out of order (decoded roots never are)
   */
  public static DiffSummary diff(
      Iterator<FileEntry> older, Iterator<FileEntry> newer, Consumer<EntryChange> out) {
    Counter counter = new Counter(out);
    Ordered a = new Ordered(older, "older");
    Ordered b = new Ordered(newer, "newer");
    FileEntry x = a.next();
    FileEntry y = b.next();
    while (x != null || y != null) {
      int c = x == null ? 1 : y == null ? -1 : PathOrder.compare(x.path(), y.path());
      if (c < 0) {
        counter.accept(
            new EntryChange(
                EntryChange.Change.REMOVED, x.path(), Optional.of(x), Optional.empty()));
        x = a.next();
      } else if (c > 0) {
        counter.accept(
            new EntryChange(EntryChange.Change.ADDED, y.path(), Optional.empty(), Optional.of(y)));
        y = b.next();
      } else {
        EntryChange.between(x, y).ifPresent(counter);
        x = a.next();
        y = b.next();
      }
    }
    return counter.summary();
  }

  /** An iterator that checks the order the merge relies on; null at the end. */
  private static final class Ordered {
    private final Iterator<FileEntry> it;
    private final String which;
    private FileEntry last;

    Ordered(Iterator<FileEntry> it, String which) {
      this.it = it;
      this.which = which;
    }

    FileEntry next() {
      if (!it.hasNext()) {
        return null;
      }
      FileEntry e = it.next();
      if (last != null && PathOrder.compare(last.path(), e.path()) >= 0) {
        throw new IllegalArgumentException(
            which + " entries out of order: " + e.path() + " after " + last.path());
      }
      last = e;
      return e;
    }
  }

  /** Passes changes on and counts them by kind. */
  private static final class Counter implements Consumer<EntryChange> {
    private final Consumer<EntryChange> out;
    private final int[] counts = new int[EntryChange.Change.values().length];

    Counter(Consumer<EntryChange> out) {
      this.out = out;
    }

    @Override
    public void accept(EntryChange c) {
      counts[c.change().ordinal()]++;
      out.accept(c);
    }

    DiffSummary summary() {
      return new DiffSummary(
          counts[EntryChange.Change.ADDED.ordinal()],
          counts[EntryChange.Change.REMOVED.ordinal()],
          counts[EntryChange.Change.MODIFIED.ordinal()],
          counts[EntryChange.Change.TYPE_CHANGED.ordinal()],
          counts[EntryChange.Change.METADATA.ordinal()]);
    }
  }
}
