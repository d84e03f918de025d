package dev.ferry.manager.agent;

import dev.ferry.manager.config.FerryConfig;
import dev.ferry.monitor.journal.BackupCache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.io.IOException;
import java.io.UncheckedIOException;

/** One backup cache per JVM, in {@code <data>/journal}: the agent appends, the drain reads. */
@ApplicationScoped
public class BackupCacheProducer {

  @Produces
  @ApplicationScoped
  BackupCache backupCache(FerryConfig config) {
    try {
      return BackupCache.open(config.data().resolve("journal"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void close(@Disposes BackupCache cache) {
    cache.close();
  }
}
