package dev.ferry.target;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ferry.target.snapshot.SegmentRef;
import dev.ferry.target.snapshot.SnapshotCodec;
import dev.ferry.target.snapshot.SnapshotRoot;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Snapshot root decoding over arbitrary bytes: either a snapshot whose every entry path is safe to
 * restore (no "..", "." or empty segment, not absolute, no NUL or backslash), whose entries are in
 * strictly increasing path order, whose links hold a text a Linux link can hold, and which
 * re-encodes to exactly the input (version 2 by {@link SnapshotCodec#encode}, version 1 by the
 * independent {@link RootBytes#version1}), or {@link CorruptDataException} / {@link
 * UnsupportedFormatException}; never a runtime exception or an OOM. Also runs the summary-only
 * decoder that {@code snapshots()} uses. Both CRCs are recomputed first. A second target builds
 * link entries from fuzzed texts: whatever {@link FileEntry#symlink} accepts round-trips exactly.
 * Replays src/test/resources/dev/ferry/target/SnapshotCodecFuzzTestInputs on every build (seeds
 * named {@code v1-} were written by the version 1 code, {@code v2-} by {@link
 * SnapshotCodec#encode}); fuzz with {@code JAZZER_FUZZ=1}.
 */
class SnapshotCodecFuzzTest {
  @FuzzTest(maxDuration = "60s")
  void decodeAcceptsOnlySafeWellFormedRoots(byte[] data) throws IOException {
    if (data.length > FuzzSupport.MAX_INPUT) {
      return;
    }
    FuzzSupport.resealSnapshot(data);
    SnapshotInfo summary;
    try {
      summary = SnapshotCodec.decodeInfo(data, "snapshots/x.snap");
    } catch (CorruptDataException | UnsupportedFormatException expected) {
      summary = null;
    }
    Snapshot s;
    try {
      s = SnapshotCodec.decode(data, "snapshots/x.snap");
    } catch (CorruptDataException | UnsupportedFormatException expected) {
      assertThat(expected.getMessage()).isNotBlank();
      return;
    }
    assertThat(summary).isEqualTo(s.info());
    assertThat(s.entries()).hasSize(s.info().fileCount());
    int version = ByteBuffer.wrap(data).getInt(8);
    long total = 0;
    String previous = null;
    for (FileEntry e : s.entries()) {
      FuzzSupport.assertSafePath(e.path());
      if (e.isSymlink()) {
        assertThat(version).isEqualTo(2);
        assertSafeLink(e);
      } else {
        assertThat(e.kind()).isEqualTo(FileEntry.Kind.REGULAR_FILE);
        assertThat(e.mode() & ~07777).isZero();
        assertThat(e.linkTarget()).isEmpty();
      }
      if (previous != null) {
        assertThat(PathOrder.compare(previous, e.path())).isNegative();
      }
      previous = e.path();
      total += e.size();
    }
    assertThat(total).isEqualTo(s.info().totalBytes());
    if (version == 1) {
      assertThat(RootBytes.version1(s)).isEqualTo(data);
      // Upgrading a version 1 root keeps every entry as it was.
      assertThat(SnapshotCodec.decode(SnapshotCodec.encode(s), "upgraded")).isEqualTo(s);
    } else {
      assertThat(version).isEqualTo(2);
      assertThat(SnapshotCodec.encode(s)).isEqualTo(data);
    }
  }

  /**
   * Whatever {@link SnapshotCodec#decodeRoot} accepts as a version 3 root has a table in strictly
   * increasing order of safe first paths, adding up to the summary, and re-encodes exactly.
   */
  @FuzzTest(maxDuration = "60s")
  void decodeRootAcceptsOnlyWellFormedSegmentTables(byte[] data) throws IOException {
    if (data.length > FuzzSupport.MAX_INPUT) {
      return;
    }
    FuzzSupport.resealSnapshot(data);
    SnapshotRoot root;
    try {
      root = SnapshotCodec.decodeRoot(data, "snapshots/x.snap");
    } catch (CorruptDataException | UnsupportedFormatException expected) {
      assertThat(expected.getMessage()).isNotBlank();
      return;
    }
    if (!root.isSegmented()) {
      assertThat(root.inline()).hasSize(root.info().fileCount());
      return;
    }
    long entries = 0;
    long total = 0;
    String previous = null;
    for (SegmentRef ref : root.segments()) {
      FuzzSupport.assertSafePath(ref.firstPath());
      if (previous != null) {
        assertThat(PathOrder.compare(previous, ref.firstPath())).isNegative();
      }
      previous = ref.firstPath();
      assertThat(ref.entryCount()).isPositive();
      entries += ref.entryCount();
      total += ref.totalBytes();
    }
    assertThat(entries).isEqualTo(root.info().fileCount());
    assertThat(total).isEqualTo(root.info().totalBytes());
    assertThat(SnapshotCodec.encodeRoot(root.info(), root.segments())).isEqualTo(data);
  }

  @FuzzTest(maxDuration = "60s")
  void linkEntriesTheApiAcceptsRoundTripExactly(FuzzedDataProvider in) throws IOException {
    TreeMap<String, FileEntry> entries = new TreeMap<>(PathOrder.COMPARATOR);
    int n = in.consumeInt(0, 8);
    for (int i = 0; i < n; i++) {
      String path = in.consumeString(64);
      String text = in.consumeBoolean() ? in.consumeString(64) : in.consumeAsciiString(5000);
      long mtime = in.consumeLong();
      FileEntry e;
      try {
        e =
            in.consumeBoolean()
                ? FileEntry.symlink(path, text, mtime)
                : new FileEntry(path, 0, mtime, in.consumeInt(0, 07777), List.of());
      } catch (IllegalArgumentException refused) {
        assertThat(refused)
            .isInstanceOfAny(InvalidEntryPathException.class, InvalidLinkTargetException.class);
        continue;
      }
      if (e.isSymlink()) {
        assertSafeLink(e);
      }
      entries.put(path, e);
    }
    List<FileEntry> list = new ArrayList<>(entries.values());
    SnapshotInfo info =
        new SnapshotInfo(1, OptionalLong.empty(), Instant.EPOCH, "h", list.size(), 0);
    Snapshot s = new Snapshot(info, list);
    assertThat(SnapshotCodec.decode(SnapshotCodec.encode(s), "s")).isEqualTo(s);
  }

  /** What every accepted link must be, whatever the parser or the API thinks. */
  private static void assertSafeLink(FileEntry e) {
    String text = e.linkTarget();
    assertThat(text).isNotEmpty().doesNotContain("\0");
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    assertThat(utf8.length).isLessThanOrEqualTo(4095);
    assertThat(new String(utf8, StandardCharsets.UTF_8)).isEqualTo(text);
    assertThat(e.size()).isZero();
    assertThat(e.chunks()).isEmpty();
    assertThat(e.mode()).isEqualTo(FileEntry.SYMLINK_MODE);
  }
}
