package dev.ferry.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restore onto a disk that fails writes (a real kernel EIO, from {@link FailingDisk}) must never
 * call a file restored whose content did not reach the disk, nor let such a file replace what was
 * at its destination.
 */
class RestoreOnFailingDiskTest {
  @TempDir Path targetDir;
  @TempDir Path work;

  @Test
  void filesWhoseWriteBackFailedAreReportedAndNeverReplaceTheirDestination() throws Exception {
    Map<String, byte[]> contents = new LinkedHashMap<>();
    for (int i = 0; i < 40; i++) {
      contents.put(String.format("d%d/f%02d", i % 3, i), Fixtures.bytes(i, 1 << 20));
    }
    try (FailingDisk disk = FailingDisk.mount(work, 8);
        DiskTarget t = DiskTarget.openOrCreate(targetDir)) {
      try (SnapshotWriter w = t.newSnapshot(1, "h", OptionalLong.empty())) {
        for (Map.Entry<String, byte[]> c : contents.entrySet()) {
          Fixtures.put(w, c.getKey(), c.getValue(), 1 << 20, 0644);
        }
        w.commit();
      }
      Path out = disk.path().resolve("restore");
      Path own = out.resolve("d0/f00");
      Files.createDirectories(own.getParent());
      Files.writeString(own, "the user's own copy");
      try (FileChannel ch = FileChannel.open(own, StandardOpenOption.WRITE)) {
        ch.force(true);
      }

      RestoreResult r = t.restore(1, null, out);

      // 40 MiB onto a disk with room for about 8: not everything can have been restored.
      assertThat(r.failures()).isNotEmpty();
      assertThat(r.filesRestored() + r.failures().size()).isEqualTo(contents.size());
      Set<String> failed =
          r.failures().stream()
              .map(f -> f.substring(0, f.indexOf(':')))
              .collect(Collectors.toSet());
      for (Map.Entry<String, byte[]> c : contents.entrySet()) {
        Path dest = out.resolve(c.getKey());
        if (!failed.contains(c.getKey())) {
          assertThat(dest).hasBinaryContent(c.getValue());
        } else if (dest.equals(own)) {
          assertThat(dest).hasContent("the user's own copy");
        } else {
          assertThat(dest).doesNotExist();
        }
      }
    }
  }
}
