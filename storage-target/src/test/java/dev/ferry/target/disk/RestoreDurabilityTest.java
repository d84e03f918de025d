package dev.ferry.target.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.ferry.target.ChunkHash;
import dev.ferry.target.ChunkRef;
import dev.ferry.target.DiskTarget;
import dev.ferry.target.FileEntry;
import dev.ferry.target.RestoreResult;
import dev.ferry.target.Snapshot;
import dev.ferry.target.SnapshotWriter;
import dev.ferry.target.crypto.TargetKeys;
import dev.ferry.target.index.ChunkIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A restore's files count as restored only once content and name are durable, by a file-system sync
 * per batch (Linux 5.8 on) or an fsync per file: both ways restore the same tree, and a failed sync
 * fails the files it covers while leaving their destinations as they were.
 */
class RestoreDurabilityTest {
  private static final long MTIME = 1_700_000_000_123_456_789L;

  @TempDir Path targetDir;
  @TempDir Path out;

  /** A barrier that syncs for real for its first {@code okCalls} calls, then fails. */
  private static final class FailingAfter implements FileSystemBarrier {
    final FileSystemBarrier real;
    final int okCalls;
    final AtomicInteger calls = new AtomicInteger();

    FailingAfter(FileSystemBarrier real, int okCalls) {
      this.real = real;
      this.okCalls = okCalls;
    }

    @Override
    public void sync() throws IOException {
      if (calls.incrementAndGet() > okCalls) {
        throw new IOException("injected write-back error");
      }
      real.sync();
    }

    @Override
    public void close() {
      real.close();
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void bothWaysRestoreEveryFileAndLinkExactlyAndLeaveNoTempFiles(boolean batched)
      throws IOException {
    Function<Path, Optional<FileSystemBarrier>> barriers =
        batched ? SyncFs::open : dir -> Optional.empty();
    if (batched) {
      assumeThat(SyncFs.open(out)).as("syncfs reports errors on this kernel").isPresent();
    }
    Map<String, byte[]> contents = contents(300);
    RestoreResult r;
    try (DiskTarget t = DiskTarget.openOrCreate(targetDir)) {
      Snapshot s = write(t, contents, List.of(FileEntry.symlink("links/to-a", "../a/f0", MTIME)));
      r = restorer(t, s, barriers).restore(s, e -> true, out);
    }

    assertThat(r.failures()).isEmpty();
    assertThat(r.filesRestored()).isEqualTo(contents.size());
    assertThat(r.linksRestored()).isEqualTo(1);
    for (Map.Entry<String, byte[]> c : contents.entrySet()) {
      Path p = out.resolve(c.getKey());
      assertThat(p).hasBinaryContent(c.getValue());
      assertThat(Files.getAttribute(p, "unix:mode")).isEqualTo(0100640);
      assertThat(Files.getLastModifiedTime(p).to(TimeUnit.NANOSECONDS)).isEqualTo(MTIME);
    }
    assertThat(Files.readSymbolicLink(out.resolve("links/to-a"))).hasToString("../a/f0");
    assertThat(tempFiles()).isEmpty();
  }

  @Test
  void aFailedSyncFailsEveryFileOfItsBatchAndLeavesTheirDestinationsAsTheyWere()
      throws IOException {
    Optional<FileSystemBarrier> real = SyncFs.open(out);
    assumeThat(real).isPresent();
    Map<String, byte[]> contents = contents(40);
    Files.createDirectories(out.resolve("a"));
    Files.writeString(out.resolve("a/f0"), "the user's own copy");
    RestoreResult r;
    try (DiskTarget t = DiskTarget.openOrCreate(targetDir)) {
      Snapshot s = write(t, contents, List.of());
      FailingAfter failing = new FailingAfter(real.get(), 0);
      r = restorer(t, s, dir -> Optional.of(failing)).restore(s, e -> true, out);
    }

    assertThat(r.filesRestored()).isZero();
    assertThat(r.failures())
        .hasSize(contents.size())
        .allMatch(f -> f.contains("not restored: injected write-back error"));
    assertThat(out.resolve("a/f0")).hasContent("the user's own copy");
    try (Stream<Path> all = Files.walk(out)) {
      assertThat(all.filter(Files::isRegularFile)).containsExactly(out.resolve("a/f0"));
    }
  }

  @Test
  void aFailedSyncAfterTheRenamesCountsNoneOfThemAsRestored() throws IOException {
    Optional<FileSystemBarrier> real = SyncFs.open(out);
    assumeThat(real).isPresent();
    Map<String, byte[]> contents = contents(40);
    RestoreResult r;
    try (DiskTarget t = DiskTarget.openOrCreate(targetDir)) {
      Snapshot s = write(t, contents, List.of());
      // One batch: its own sync succeeds, the one that makes the renames durable fails.
      FailingAfter failing = new FailingAfter(real.get(), 1);
      r = restorer(t, s, dir -> Optional.of(failing)).restore(s, e -> true, out);
    }

    assertThat(r.filesRestored()).isZero();
    assertThat(r.bytesRestored()).isZero();
    assertThat(r.failures())
        .hasSize(contents.size())
        .allMatch(f -> f.contains(": written, but injected write-back error"));
    assertThat(tempFiles()).isEmpty();
  }

  @Test
  void eachBatchIsRenamedIntoPlaceOnlyAfterItsSync() throws IOException {
    Optional<FileSystemBarrier> real = SyncFs.open(out);
    assumeThat(real).isPresent();
    List<Long> inPlaceAtEachSync = new ArrayList<>();
    FileSystemBarrier watching =
        new FileSystemBarrier() {
          @Override
          public void sync() throws IOException {
            inPlaceAtEachSync.add(countInPlace());
            real.get().sync();
          }

          @Override
          public void close() {
            real.get().close();
          }
        };
    BatchedCommits commits = new BatchedCommits(watching, 3, Long.MAX_VALUE);
    for (int i = 0; i < 7; i++) {
      commits.submit(written("f" + i, ("content " + i).getBytes()));
    }
    commits.finish();

    // Batches of 3, 3 and 1, then the sync that makes the last renames durable.
    assertThat(inPlaceAtEachSync).containsExactly(0L, 3L, 6L, 7L);
    assertThat(commits.filesDone()).isEqualTo(7);
    assertThat(commits.failures()).isEmpty();
    assertThat(out.resolve("f6")).hasContent("content 6");
  }

  @Test
  void syncfsIsUsedOnlyWhereItReportsWriteBackErrors() {
    assertThat(SyncFs.reportsWriteBackErrors("Linux", "6.18.44-fc-v1147")).isTrue();
    assertThat(SyncFs.reportsWriteBackErrors("Linux", "5.8.0-1-amd64")).isTrue();
    assertThat(SyncFs.reportsWriteBackErrors("Linux", "5.7.19")).isFalse();
    assertThat(SyncFs.reportsWriteBackErrors("Linux", "4.19.0-27-amd64")).isFalse();
    assertThat(SyncFs.reportsWriteBackErrors("Mac OS X", "14.5")).isFalse();
    assertThat(SyncFs.reportsWriteBackErrors("Linux", "unknown")).isFalse();
    assertThat(SyncFs.reportsWriteBackErrors(null, null)).isFalse();
  }

  private WrittenFile written(String name, byte[] content) throws IOException {
    Path tmp = out.resolve(".ferry-restore-" + name + ".tmp");
    Files.write(tmp, content);
    var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE);
    ChunkRef chunk = new ChunkRef(ChunkHash.of(content, 0, content.length), content.length);
    FileEntry e = new FileEntry(name, content.length, MTIME, 0640, List.of(chunk));
    return new WrittenFile(e, ch, tmp, out.resolve(name), content.length);
  }

  private long countInPlace() throws IOException {
    try (Stream<Path> files = Files.list(out)) {
      return files.filter(p -> !p.getFileName().toString().startsWith(".ferry-restore-")).count();
    }
  }

  private List<Path> tempFiles() throws IOException {
    try (Stream<Path> all = Files.walk(out)) {
      return all.filter(p -> p.getFileName().toString().startsWith(".ferry-restore-")).toList();
    }
  }

  private static Map<String, byte[]> contents(int files) {
    Map<String, byte[]> contents = new LinkedHashMap<>();
    for (int i = 0; i < files; i++) {
      byte[] b = new byte[1 + (i * 7919) % 30_000];
      new Random(i).nextBytes(b);
      contents.put((char) ('a' + i % 5) + "/f" + i, b);
    }
    return contents;
  }

  private static Snapshot write(DiskTarget t, Map<String, byte[]> contents, List<FileEntry> links)
      throws IOException {
    try (SnapshotWriter w = t.newSnapshot(1, "h", OptionalLong.empty())) {
      for (Map.Entry<String, byte[]> c : contents.entrySet()) {
        byte[] b = c.getValue();
        ChunkHash h = ChunkHash.of(b, 0, b.length);
        w.putChunk(h, b, 0, b.length, c.getKey());
        w.putFile(
            new FileEntry(c.getKey(), b.length, MTIME, 0640, List.of(new ChunkRef(h, b.length))));
      }
      for (FileEntry link : links) {
        w.putFile(link);
      }
      w.commit();
    }
    return t.readSnapshot(1);
  }

  /** A restorer over the target's own chunks, with the given way to make files durable. */
  private Restorer restorer(
      DiskTarget t, Snapshot s, Function<Path, Optional<FileSystemBarrier>> barriers) {
    ChunkIndex index = new ChunkIndex();
    for (FileEntry e : s.entries()) {
      for (ChunkRef ref : e.chunks()) {
        index.add(ref.hash(), t.locate(ref.hash()).orElseThrow());
      }
    }
    return new Restorer(
        new ChunkReader(new TargetLayout(targetDir), TargetKeys.NONE), index, barriers);
  }
}
