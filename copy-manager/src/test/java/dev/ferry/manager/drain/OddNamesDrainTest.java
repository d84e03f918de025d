package dev.ferry.manager.drain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.manager.CatalogTestDatabase;
import dev.ferry.monitor.journal.BackupCache;
import dev.ferry.monitor.journal.ChangeKind;
import dev.ferry.monitor.journal.ChangeRecord;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Watched files, versions and link targets reach the catalog through COPY's text format, where a
 * tab, newline, carriage return or backslash is syntax: each must come back as the same text.
 */
@QuarkusTest
@QuarkusTestResource(CatalogTestDatabase.class)
class OddNamesDrainTest {
  private static final List<String> NAMES =
      List.of("odd/tab\there.txt", "odd/line\nbreak.txt", "odd/cr\rhere.txt", "odd/ünï cødé.txt");

  @Inject DrainService drains;
  @Inject BackupCache cache;
  @Inject EntityManager em;

  @ConfigProperty(name = "ferry-test.watch")
  Path watch;

  @Test
  void namesAndLinkTargetsWithCopySyntaxInThemAreRecordedAsTheyAre() throws IOException {
    for (String name : NAMES) {
      Path f = watch.resolve(name);
      Files.createDirectories(f.getParent());
      Files.writeString(f, "content of " + name);
      append(f);
    }
    Path outside = Files.createTempDirectory("odd-link-target");
    Path pointedAt = Files.writeString(outside.resolve("back\\slash\tand tab.txt"), "pointed at");
    Path link = Files.createSymbolicLink(watch.resolve("odd/link"), pointedAt);
    append(link);

    DrainReport first = drains.drain(true);
    assertThat(first.filesCopied()).isEqualTo(NAMES.size() + 1);

    for (String name : NAMES) {
      assertThat(texts("select path from watched_file where path = ?1", "watch/" + name))
          .containsExactly("watch/" + name);
    }
    assertThat(
            texts(
                "select v.link_target from file_version v join watched_file f on f.id = v.file_id"
                    + " where f.path = ?1",
                "watch/odd/link"))
        .containsExactly(pointedAt.toString());

    // Saved again: the first versions are superseded by the second drain's, one current each.
    for (String name : NAMES) {
      Files.writeString(watch.resolve(name), "changed content of " + name);
      append(watch.resolve(name));
    }
    DrainReport second = drains.drain(true);
    assertThat(second.filesCopied()).isEqualTo(NAMES.size());
    assertThat(
            texts(
                "select f.path from file_version v join watched_file f on f.id = v.file_id"
                    + " where f.path like 'watch/odd/%' and v.superseded_snapshot_id = "
                    + second.snapshotId(),
                null))
        .hasSize(NAMES.size());
    assertThat(
            texts(
                "select f.path from file_version v join watched_file f on f.id = v.file_id"
                    + " where f.path like 'watch/odd/%' and v.superseded_snapshot_id is null"
                    + " and v.saved_at is not null and v.device is not null",
                null))
        .hasSize(NAMES.size() + 1);
  }

  private void append(Path f) throws IOException {
    cache.append(
        TestRecords.of(
            watch, f, ChangeKind.MODIFIED, Instant.now(), null, ChangeRecord.NOT_STAGED));
  }

  @SuppressWarnings("unchecked")
  private List<String> texts(String query, String param) {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              var q = em.createNativeQuery(query);
              if (param != null) {
                q.setParameter(1, param);
              }
              return (List<String>) q.getResultList();
            });
  }
}
