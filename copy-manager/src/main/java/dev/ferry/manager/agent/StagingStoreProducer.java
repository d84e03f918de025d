package dev.ferry.manager.agent;

import dev.ferry.manager.config.FerryConfig;
import dev.ferry.monitor.staging.StagingStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One every-save staging store per JVM, in {@code <data>/staging}: the agent stages versions, the
 * drain reads and releases them.
 */
@ApplicationScoped
public class StagingStoreProducer {

  @Produces
  @ApplicationScoped
  StagingStore stagingStore(FerryConfig config) {
    try {
      return StagingStore.open(config.data().resolve("staging"), config.stagingQuota());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void close(@Disposes StagingStore store) throws IOException {
    store.close();
  }
}
